"""A long public-domain document written for Daycast's tests and benchmarks (no download needed).

"Carrowmore: a history of a harbour town" is fiction written here and placed in the public domain
(CC0). It has six main sections, each with its own people and figures, and subsections inside them.
The facts are hand-written; each section is filled out to length with plain descriptive sentences
built from that section's own vocabulary (no names or numbers in them), so the distinctive facts are
exactly the ones listed in ``SECTIONS`` and a test can look for each of them in a script or a
transcript. ``scale`` shrinks the filler: 1.0 gives ~45,000 characters, 0.15 ~9,000.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

TITLE = "Carrowmore: a history of a harbour town"


@dataclass(frozen=True)
class LongSection:
    title: str
    facts: tuple[str, ...]
    """Paragraphs carrying the names and figures."""
    names: tuple[str, ...]
    figures: tuple[str, ...]
    nouns: tuple[str, ...]
    subsections: tuple[str, str]


SECTIONS: tuple[LongSection, ...] = (
    LongSection(
        "Founding and the salt trade",
        (
            "Carrowmore received its royal charter in 1642. The charter was won by Brigid Tallowmere, a widow "
            "who owned the largest salt pans on the estuary and who argued the town's case in person.",
            "Within ten years the harbour shipped 3,400 barrels of salt a season. Brigid Tallowmere built the "
            "first stone quay, and the merchant Fergal Ashdown paid for the weighing house beside it.",
            "Salt made the town rich but also hungry for wood: the boiling houses burned 900 cartloads of "
            "timber every winter, and Fergal Ashdown began importing coal from the north to save the forests.",
        ),
        ("Brigid Tallowmere", "Fergal Ashdown"),
        ("1642", "3,400", "900"),
        ("salt pans", "boiling houses", "stone quay", "weighing house", "estuary", "barrels", "merchant ships",
         "tide gates"),
        ("The charter", "The salt merchants"),
    ),
    LongSection(
        "The great flood of 1781",
        (
            "On the night of the spring tide in 1781 a storm surge broke the sea wall. The water rose 4.6 "
            "metres above the quay and 212 houses in the lower town were lost.",
            "Captain Osric Vell, master of the brig Heron, rowed through the flooded streets for two days and "
            "is said to have carried 57 people to the church on the hill.",
            "The rebuilding was planned by the surveyor Maud Hollinrake, who moved the market square uphill "
            "and had the new sea wall raised to 9 metres.",
        ),
        ("Osric Vell", "Maud Hollinrake"),
        ("1781", "4.6", "212", "57"),
        ("sea wall", "storm surge", "lower town", "church on the hill", "market square", "flooded streets",
         "rowing boats", "rebuilt terraces"),
        ("The night of the surge", "Rebuilding the lower town"),
    ),
    LongSection(
        "The railway arrives",
        (
            "The railway reached Carrowmore in 1859. Its engineer, Henrietta Quillfeather, laid 27 miles of "
            "track across the marsh on timber rafts, a method her critics said could never carry a locomotive.",
            "About 1,900 workers built the line, most of them fishermen paid by the day during the winter. The "
            "first train, pulled by the engine Marsh Lark, took 94 minutes to reach the county town.",
            "Henrietta Quillfeather's station still stands. The stationmaster Edwin Pascoe kept a ledger showing "
            "that fresh fish now reached city markets overnight.",
        ),
        ("Henrietta Quillfeather", "Edwin Pascoe"),
        ("1859", "27", "1,900", "94"),
        ("railway line", "marsh", "timber rafts", "locomotive", "station", "goods yard", "signal box",
         "fish wagons"),
        ("Across the marsh", "The first trains"),
    ),
    LongSection(
        "The lighthouse on Gannet Point",
        (
            "The lighthouse on Gannet Point was lit in 1867. Its tower has 148 steps, and its light can be seen "
            "19 nautical miles out to sea.",
            "The first keeper, Tobias Wrenfield, kept the lamp burning for 41 years without missing a night. "
            "His daughter Lettice Wrenfield took over the log and recorded every wreck on the point.",
            "In 1923 the lamp was converted from oil to electricity, and the keepers' cottages became a museum "
            "run by Lettice Wrenfield until she was ninety.",
        ),
        ("Tobias Wrenfield", "Lettice Wrenfield"),
        ("1867", "148", "19", "41"),
        ("lighthouse tower", "lamp room", "keepers' cottages", "fog bell", "rocky point", "shipping lane",
         "log book", "lantern glass"),
        ("Keeping the light", "The keepers' log"),
    ),
    LongSection(
        "The textile mills",
        (
            "By 1890 the two mills on the river employed most of the town. Agnes Pemberly-Stroud owned the "
            "larger one, with 640 looms driven by a single steam engine.",
            "In 1912 the weavers went on strike for a shorter week. The strike was led by Ruairi Maddock and "
            "lasted 73 days; it ended with the working week cut from 60 hours to 54.",
            "Agnes Pemberly-Stroud later opened a school for the mill children, the first in the county to "
            "teach girls and boys in the same classroom.",
        ),
        ("Agnes Pemberly-Stroud", "Ruairi Maddock"),
        ("640", "1912", "73", "54"),
        ("weaving sheds", "looms", "steam engine", "mill race", "cotton bales", "mill school", "union hall",
         "workers' terraces"),
        ("Looms and steam", "The strike"),
    ),
    LongSection(
        "Carrowmore today",
        (
            "Carrowmore now has 58,000 residents. Its mayor, Ifeoma Castellane, opened the tidal barrier in 2019; "
            "it cost 86 million pounds and protects 4,300 homes.",
            "The old mills house a college of marine engineering led by Professor Dai Okonjo, with 2,700 "
            "students, many of them from abroad.",
            "Ifeoma Castellane's council plans to turn the goods yard into a park by 2030, and tourism now "
            "brings 310,000 visitors a year.",
        ),
        ("Ifeoma Castellane", "Dai Okonjo"),
        ("58,000", "2019", "86 million", "4,300", "2,700"),
        ("tidal barrier", "college", "harbour front", "council", "new park", "ferry terminal", "visitors",
         "marina"),
        ("The barrier", "A college town"),
    ),
)

_FILLER = (
    "Older residents still talk about the {n} as if it were part of the family.",
    "Visitors are often surprised by how much of the {n} can still be seen today.",
    "Local historians have argued for a long time about how the {n} shaped daily life.",
    "Letters from the period describe the {n} in loving and sometimes bitter detail.",
    "The {n} appears in almost every painting of the town from those years.",
    "Children were warned to keep away from the {n}, and most of them did not listen.",
    "The parish records mention the {n} more often than any other place.",
    "Much of what we know about the {n} comes from the diaries of ordinary people.",
    "The {n} was noisy, crowded and, by every account, the heart of the town.",
    "Travellers who passed through wrote that the {n} was unlike anything they had seen.",
    "Repairs to the {n} were paid for by a small tax on every household.",
    "The {n} changed slowly, and people often did not notice until it was gone.",
    "In hard years the {n} was where neighbours met to share news and food.",
    "Some of the stones of the {n} were later reused in houses nearby.",
    "Songs about the {n} are still sung in the harbour inns on winter evenings.",
    "The smell of the {n} is the first thing many people remember.",
    "Maps drawn at the time show the {n} much larger than it really was.",
    "The town council met again and again to decide what to do about the {n}.",
    "Work at the {n} started before dawn and often went on after dark.",
    "Few photographs of the {n} survive, but the ones that do are striking.",
    "Those who worked near the {n} were proud of it and tired of it in equal measure.",
    "The {n} gave the town both its wealth and most of its worries.",
)


def section_text(section: LongSection, rng: random.Random, filler_sentences: int) -> list[tuple[str, str]]:
    """(subheading, paragraph) pairs: the fact paragraphs spread among filler paragraphs."""
    pool = [template.format(n=noun) for template in _FILLER for noun in section.nouns]
    rng.shuffle(pool)
    filler = pool[:filler_sentences]
    per = max(1, len(filler) // (len(section.facts) * 2))
    paragraphs: list[str] = []
    for index, fact in enumerate(section.facts):
        paragraphs.append(fact)
        for _ in range(2):
            chunk, filler = filler[:per], filler[per:]
            if chunk:
                paragraphs.append(" ".join(chunk))
        if index == len(section.facts) - 1 and filler:
            paragraphs.append(" ".join(filler))
    half = len(paragraphs) // 2
    return [(section.subsections[0] if i == 0 else section.subsections[1] if i == half else "", p)
            for i, p in enumerate(paragraphs)]


def long_document(fmt: str = "md", *, scale: float = 1.0, seed: int = 1642) -> str:
    """The document as Markdown (``md``), numbered plain text (``txt``) or a saved HTML page (``html``)."""
    rng = random.Random(seed)
    filler = max(0, round(85 * scale))
    intro = ("This short history follows one harbour town from its charter to the present day, in six parts. "
             "It was written for testing and is in the public domain.")
    blocks: list[tuple[int, str]] = []  # (heading level or 0 for a paragraph, text)
    for section in SECTIONS:
        blocks.append((2, section.title))
        for sub, paragraph in section_text(section, rng, filler):
            if sub:
                blocks.append((3, sub))
            blocks.append((0, paragraph))
    if fmt == "md":
        body = "\n\n".join(("#" * level + " " + text) if level else text for level, text in blocks)
        return f"# {TITLE}\n\n{intro}\n\n{body}\n"
    if fmt == "txt":
        out, main, sub = [TITLE, intro], 0, 0
        for level, text in blocks:
            if level == 2:
                main, sub = main + 1, 0
                out.append(f"{main}. {text[0].upper()}{text[1:]}")
            elif level == 3:
                sub += 1
                out.append(f"{main}.{sub} {text}")
            else:
                out.append(text)
        return "\n\n".join(out) + "\n"
    if fmt == "html":
        tags = "\n".join(f"<h{level}>{text}</h{level}>" if level else f"<p>{text}</p>" for level, text in blocks)
        return (f"<!doctype html><html><head><title>{TITLE}</title></head><body><article>"
                f"<h1>{TITLE}</h1><p>{intro}</p>\n{tags}\n</article></body></html>\n")
    raise ValueError(f"unknown format {fmt!r}")


def write_long_document(folder: Path, fmt: str = "md", *, scale: float = 1.0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"carrowmore.{fmt}"
    path.write_text(long_document(fmt, scale=scale), encoding="utf-8")
    return path
