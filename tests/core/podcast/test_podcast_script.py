"""The script model: JSON round trip, validation that names the bad field, length estimates."""

from __future__ import annotations

import json

import pytest

from app.core.podcast import script as script_mod
from app.core.podcast.script import Host, Script, ScriptChapter, Turn
from engines.errors import SourceError


def _script() -> Script:
    hosts = (Host("Alex", "piper:en_US-joe-medium", 1.0), Host("Sam", "kokoro:jf_alpha", 1.1))
    return Script(
        title="Bridges and bees",
        hosts=hosts,
        chapters=(
            ScriptChapter("Introduction", (Turn("Alex", "Welcome to the show. I'm Alex."),), (), "intro"),
            ScriptChapter("The bridge", (Turn("Alex", "What opened?"), Turn("Sam", "A bridge with ten spans.")),
                          ("bridge.md",), "topic"),
            ScriptChapter("Wrap-up", (Turn("Sam", "Thanks for listening."),), (), "outro"),
        ),
        created="2026-11-24T10:00:00+00:00",
        models=("qwen (llama.cpp, cpu, local)",),
    )


def test_round_trip_keeps_everything() -> None:
    original = _script()
    text = script_mod.to_json(original)
    assert json.loads(text)["version"] == script_mod.SCHEMA_VERSION
    back = script_mod.from_json(text)
    assert back == original
    assert back.sources() == ("bridge.md",)


def test_word_count_and_minutes() -> None:
    s = _script()
    assert s.word_count == 6 + 2 + 5 + 3
    assert s.estimated_minutes() == pytest.approx(16 / 150)
    assert s.estimated_minutes(wpm=16) == pytest.approx(1.0)


def _mutated(change) -> str:
    raw = script_mod.to_dict(_script())
    change(raw)
    return json.dumps(raw)


@pytest.mark.parametrize(
    ("change", "where", "problem"),
    [
        (lambda r: r["chapters"][1]["turns"][1].update(speaker="Bob"), "chapters[1].turns[1].speaker",
         "'Bob' is not a host"),
        (lambda r: r["chapters"][1]["turns"][0].update(text="  "), "chapters[1].turns[0].text", "is empty"),
        (lambda r: r["chapters"][1].update(turns=[]), "chapters[1].turns", "has no turns"),
        (lambda r: r["hosts"].pop(), "hosts", "exactly two hosts"),
        (lambda r: r["hosts"][1].update(name="alex"), "hosts", "both hosts are called"),
        (lambda r: r["hosts"][0].update(speed=5), "hosts[0].speed", "from 0.5 to 2.0"),
        (lambda r: r["hosts"][0].update(voice="joe"), "hosts[0].voice", "not a voice spec"),
        (lambda r: r["chapters"][0].update(kind="middle"), "chapters[0].kind", "must be one of"),
        (lambda r: r.update(version=99), "version", "reads scripts up to version"),
        (lambda r: r.update(title=""), "title", "is empty"),
        (lambda r: r.pop("chapters"), "chapters", "must be a list"),
        (lambda r: r["chapters"][2]["turns"][0].pop("speaker"), "chapters[2].turns[0].speaker", "is missing"),
    ],
)
def test_validation_names_the_field(change, where: str, problem: str) -> None:
    with pytest.raises(SourceError) as caught:
        script_mod.from_json(_mutated(change), source="edited.json")
    message = str(caught.value)
    assert message.startswith("edited.json: ")
    assert where in message and problem in message
    assert caught.value.code == "script.invalid"


def test_not_json_and_missing_file(tmp_path) -> None:
    with pytest.raises(SourceError, match="not valid JSON"):
        script_mod.from_json("{nope", source="x.json")
    with pytest.raises(SourceError, match="script file not found"):
        script_mod.load(tmp_path / "missing.json")


def test_with_hosts_renames_speakers() -> None:
    renamed = _script().with_hosts((Host("Ana", "piper:en_US-joe-medium"), Host("Ben", "kokoro:jm_kumo")))
    speakers = {t.speaker for _, _, t in renamed.turns()}
    assert speakers == {"Ana", "Ben"}
    assert renamed.chapters[1].turns[1] == Turn("Ben", "A bridge with ten spans.")


def test_without_last_topic_line_keeps_intro_and_wrap_up() -> None:
    from podcast_helpers import handwritten_script

    script = handwritten_script()
    shorter = script.without_last_topic_line()
    assert shorter is not None
    assert [c.title for c in shorter.chapters] == [c.title for c in script.chapters]
    assert shorter.chapters[3].turns == script.chapters[3].turns[:1]  # the market chapter lost its last line
    shorter = shorter.without_last_topic_line()
    assert shorter is not None and "The harbour night market" not in [c.title for c in shorter.chapters]
    assert shorter.chapters[-1] == script.chapters[-1] and shorter.chapters[0] == script.chapters[0]
    while (next_one := shorter.without_last_topic_line()) is not None:
        shorter = next_one
    assert [t.text for _, c, t in shorter.turns() if c.kind == "topic"] == ["So what opened in Millbrook this spring?"]


def test_episode_seconds_is_the_length_the_mix_makes() -> None:
    import numpy as np

    from app.core.podcast.mix import MixOptions, episode_seconds, mix_episode
    from app.core.podcast.render import Segment, SegmentAudio

    script = Script("t", (Host("A", "piper:x"), Host("B", "piper:x")), (
        ScriptChapter("One", (Turn("A", "What is new?"), Turn("B", "Yes."), Turn("A", "A long answer here."))),
        ScriptChapter("Two", (Turn("B", "And the second chapter starts."),)),
    ))
    rng = np.random.default_rng(3)
    rendered = [(Segment(i, c, i, t.speaker, t.text, 1.0, str(i)),
                 SegmentAudio((0.1 * rng.standard_normal(11025 * (i + 1))).astype(np.float32), 22050, ()))
                for i, (c, _, t) in enumerate(script.turns())]
    for options in (MixOptions(channels=1), MixOptions(channels=1, jingles=False)):
        mixed = mix_episode(script, rendered, options)
        assert abs(episode_seconds(rendered, options) - mixed.duration) < 0.01
