"""The grounding checker: names, numbers (as digits or words), dates and times must be in the source."""

from __future__ import annotations

import pytest

from app.core.trust.grounding import Check, Grounder, GroundingCounts, Source, check_sentence, echoes_question, facts_of

SOURCE = (
    "Call the plumber, Mr. Okafor, about the boiler before Friday. The appointment reference is 4471. "
    "The Brindlemoor council approved 47 new bike lanes; Mayor Tamsin Oyelaran said the first lanes open in May. "
    "The quarterly review is at 10:45 AM on March 12. Lunch with Petra is at 14:30. The quote was 340 euros, "
    "about 12% more than last year's 1,250,000 budget line."
)


@pytest.mark.parametrize("sentence", [
    "The plumber, Mister Okafor, needs a call about the boiler before Friday.",
    "The appointment reference is four thousand four hundred seventy-one.",
    "The council approved forty-seven new bike lanes.",
    "Tamsin Oyelaran, the mayor, says the first lanes open in May.",
    "The review is at ten forty-five a.m. on the twelfth of March.",
    "The quarterly review starts at quarter to eleven.",
    "Lunch with Petra is at 2:30 PM.",
    "Lunch is at half past two.",
    "The quote came to three hundred forty euros, twelve percent more.",
    "That is 1.25 million in the budget line.",
    "One of the lanes opens first.",
    "Residents welcomed the decision.",
])
def test_faithful_rephrasings_pass(sentence: str) -> None:
    check = check_sentence(sentence, SOURCE)
    assert check.ok, check.unsupported


@pytest.mark.parametrize(("sentence", "flagged"), [
    ("The appointment reference is 4417.", "number 4417"),
    ("The council approved forty-eight new bike lanes.", "number 48"),
    ("Mayor Jenkins said the lanes open in May.", "name jenkins"),
    ("The first lanes open in June, the mayor said.", "date June"),
    ("The appointment is scheduled for next week.", "date next week"),
    ("The review is at 11 AM.", "time 11:00"),
    ("Lunch is at 3:30 PM.", "time 15:30"),
    ("The review is on March 13.", "date March 13"),
    ("The quote was 350 euros.", "number 350"),
    ("Peter Smith welcomed the plan.", "name peter"),
    ("The council met on Tuesday.", "date tuesday"),
    ("Call the plumber before Friday and the electrician tomorrow.", "date tomorrow"),
])
def test_invented_facts_fail(sentence: str, flagged: str) -> None:
    check = check_sentence(sentence, SOURCE)
    assert not check.ok and flagged in check.unsupported, check.unsupported


CAUSE_SOURCE = ("Library visits rose 30 percent this year, librarian Ines Maddox said. The library added evening "
                "hours in March. Heavy rain delayed the ferry on Thursday, and crossings were cancelled. The council "
                "will close the bridge. The fuel price rose, a staff shortage hit the cities, and rates went up.")


@pytest.mark.parametrize("sentence", [
    "Visits rose because the library added evening hours.",
    "The ferry was delayed due to heavy rain.",
    "Crossings were cancelled because of the rain delaying the ferry.",
    "Buses will divert because the bridge is closed.",  # close / closed
    "Fares went up because of rising fuel prices.",  # rise / rising, price / prices
    "Services were cut due to staff shortages in the cities.",  # shortage(s), city / cities
    "Crossings were cancelled because of the storm.",  # one new word: too often a paraphrase to flag
    # talk, not claims: thanks, and the sources' own silence
    "Thanks to everyone for listening.",
    "Thanks to Ines Maddox for the numbers.",
    "I don't know, because your notes don't mention it.",
    "It's hard to say because the article doesn't give a reason.",
    "Let's start with the library, because there's news there.",
])
def test_a_cause_in_the_sources_words_passes(sentence: str) -> None:
    assert check_sentence(sentence, CAUSE_SOURCE).ok, check_sentence(sentence, CAUSE_SOURCE).unsupported


@pytest.mark.parametrize(("sentence", "flagged"), [
    ("Ines Maddox said the rise in visits is due to the ongoing pandemic.", "claim 'due to the ongoing pandemic'"),
    ("Crossings were cancelled because of a strike by the crew.", "claim 'because of a strike by the crew'"),
    ("The library added evening hours so that students could study later.",
     "claim 'so that students could study later'"),
    ("Visits rose thanks to a social media campaign.", "claim 'thanks to a social media campaign'"),
])
def test_an_invented_cause_or_purpose_fails(sentence: str, flagged: str) -> None:
    assert check_sentence(sentence, CAUSE_SOURCE).unsupported == (flagged,)


def test_each_time_of_a_sentence_is_checked_on_its_own() -> None:
    assert check_sentence("The review runs from 10:45 to 11:30.", SOURCE).unsupported == ("time 11:30/23:30",)


def test_times_without_am_or_pm_match_either_reading() -> None:
    facts = facts_of("at 10:45, at 7 pm, at noon, at 14:30, 2026-03-12")
    assert frozenset({"10:45", "22:45"}) in facts.times
    assert {frozenset({"19:00"}), frozenset({"12:00"}), frozenset({"14:30"})} <= facts.times
    assert "date:3-12" in facts.dates and "2026" in facts.numbers


def test_allowed_names_pass_and_possessives_match() -> None:
    source = Source("The Brindlemoor council met on Friday.", allow=("Alex", "Sam", "Daycast"))
    assert source.check("Alex asks what Brindlemoor's council decided, and Sam explains.").ok
    assert not source.check("Alex asks what Jordan thinks.").ok


@pytest.mark.parametrize("sentence", [
    "Hi, Sam!", "Hey Sam, the Brindlemoor council met on Friday.", "Wow, Alex, on Friday?", "Thanks, Sam.",
    "Hello Alex.",
])
def test_a_greeting_to_the_other_host_is_not_a_name(sentence: str) -> None:
    # the long-document episode had 7 such sentences flagged "name hi", each regenerated, then replaced
    source = Source("The Brindlemoor council met on Friday.", allow=("Alex", "Sam"))
    assert source.check(sentence).ok, source.check(sentence).unsupported


def test_a_greeting_does_not_excuse_an_invented_name() -> None:
    source = Source("The Brindlemoor council met on Friday.", allow=("Alex", "Sam"))
    assert "name jordan" in source.check("Hi, Jordan!").unsupported
    assert "name hi" not in source.check("Hi, Jordan!").unsupported


def test_an_answer_that_restates_the_question_is_an_echo() -> None:
    question = "Is anything special happening in the city on Thursday?"
    source = "Thursday, March 5: all day: City Lights Festival."
    assert echoes_question("Yes, the city is announcing a special happening in the city on Thursday.",
                           question, source)
    assert not echoes_question("On Thursday the City Lights Festival runs all day.", question, source)


def test_grounder_keeps_passes_uses_a_grounded_rewrite_then_falls_back_to_the_source() -> None:
    calls: list[Check] = []

    def rewrite(sentence: str, check: Check, excerpt: str) -> str:
        calls.append(check)
        assert "4471" in excerpt  # the rewrite sees the source sentences it needs
        return "The appointment reference is 4471." if "reference" in sentence else "It is next month."

    counts = GroundingCounts()
    grounder = Grounder(SOURCE, rewrite, counts=counts)
    assert grounder.ground("The reference is 4471.") == "The reference is 4471."
    assert grounder.ground("The appointment reference is 9999.") == "The appointment reference is 4471."
    replaced = grounder.ground("The appointment is scheduled for next week.")
    assert replaced == "The appointment reference is 4471."  # the source's own sentence
    assert (counts.checked, counts.regenerated, counts.replaced) == (3, 2, 1)
    assert [i["action"] for i in counts.issues] == ["regenerated", "replaced"]
    assert counts.issues[1]["unsupported"] == ["date next week"]
    assert len(calls) == 2


def test_grounder_without_a_source_sentence_drops_the_invention() -> None:
    counts = GroundingCounts()
    grounder = Grounder("", None, counts=counts)
    assert grounder.ground("It costs 90 euros.") == ""
    assert counts.dropped == 1 and counts.as_dict()["checked"] == 1


def test_an_invention_sharing_no_word_with_the_sources_is_dropped_not_swapped_for_a_stranger() -> None:
    """The assistant's context starts with the date, and holds private notes: "The capital of France is
    Paris." must not be answered with "Today is Tuesday, March 3, 2026." or a note's sentence."""
    counts = GroundingCounts()
    grounder = Grounder("Today is Tuesday, March 3, 2026.\nErrands.\nSend the invoice to Marco by Friday.", None,
                        counts=counts)
    assert grounder.ground("The capital of France is Paris.") == ""
    assert grounder.ground("On Tuesday, Paris hosts the summit.") == ""  # a day alone is no kinship
    assert grounder.ground("Marco sends the invoice on Monday.") == "Send the invoice to Marco by Friday."
    assert (counts.dropped, counts.replaced) == (2, 1)


def test_grounder_never_passes_on_an_echoed_fence() -> None:
    counts = GroundingCounts()
    grounder = Grounder(SOURCE, None, counts=counts)
    echo = ('<<<SOURCE 1db7d1f461b1 title="source">>> The council approved 47 new bike lanes. '
            "<<<END SOURCE 1db7d1f461b1>>>")
    assert grounder.ground(echo) == "The council approved 47 new bike lanes."
    assert grounder.ground('<<<SOURCE f15f309986f0 title="the episode so far">>>') == ""
    assert counts.checked == 1


@pytest.mark.parametrize(("source", "sentence", "flagged"), [
    ("Inflation was 3.5 percent in May.", "Inflation was 5.3 percent in May.", "number 5.3"),
    ("The fee is $3.10 a ride.", "The fee is $10.3 a ride.", "number 10.3"),
    ("The trail is 1.2 km long.", "The trail is 2.1 km long.", "number 2.1"),
    ("It will be -5 degrees tonight.", "It will be 5 degrees tonight.", "number 5"),
    ("Mayor Ana Ruiz said the tram plan works.", "The tram plan works — Bell said so.", "name bell"),
    ("Mayor Ana Ruiz said the tram plan works.", "Ruiz said the plan works; Bell agreed.", "name bell"),
    ("Mayor Ana Ruiz said the tram plan works.", "The tram plan (Bell) works.", "name bell"),
])
def test_swapped_decimals_a_lost_minus_and_names_after_a_dash_are_caught(source: str, sentence: str,
                                                                        flagged: str) -> None:
    assert flagged in Source(source).check(sentence).unsupported


@pytest.mark.parametrize(("source", "sentence"), [
    ("Inflation was 3.5 percent in May.", "Inflation was 3.5% in May."),
    ("The fee is $3.10 a ride.", "The fee is 3 dollars 10 a ride."),
    ("It will be -5 degrees tonight.", "It will be minus 5 degrees tonight."),
    ("Revenue was 3.5 million euros.", "Revenue was 3,500,000 euros."),
    ("Sales rose 10-15 percent.", "Sales rose 10 to 15 percent."),
    ("Covid-19 cases fell.", "Covid-19 cases fell."),
    ("The meeting is at 10.30 in room 5.", "The meeting is at 10:30 in room 5."),  # as the voice says it
    ("It reopened after a 14-month, 38.5-million-euro rebuild.", "The rebuild cost 38.5 million euros."),
    ("They won a $3-billion contract.", "The contract is worth 3 billion dollars."),
])
def test_exact_numbers_still_pass_when_said_another_way(source: str, sentence: str) -> None:
    assert Source(source).check(sentence).ok


def test_a_comparison_is_said_in_words_not_dropped_with_its_mark() -> None:
    grounder = Grounder(Source("Turnout was < 60 percent in the district."), None)
    assert grounder.ground("Turnout was < 60 percent in the district.") == \
        "Turnout was less than 60 percent in the district."
