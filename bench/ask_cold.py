"""Cold question: ``daycast ask --audio q.wav --sources DIR`` as a new process each time, default models.

Each run builds everything afresh (a new model pool, so an empty KV cache, as in a new process) and
shares only the prompt-state folder on disk (:mod:`engines.prompt_cache`), in this order:

- ``first``: no saved state; the system prompt and sources are read (what every run cost before).
- ``unchanged``: the same sources again; the saved state is loaded.
- ``changed``: a note added to the sources; the newest state is loaded and the rest read.

Figures per run: ``first_audio_s`` (the turn's time to first audio, as ``daycast ask`` prints it: from the
start of recognition), ``from_start_s`` (from before the models load), ``first_token_s``, ``prime_s``.

Baseline (``bare``), in the same process: faster-whisper on the question, a fresh llama-cpp-python
instance of the same model reading the same messages cold up to its first clause, and Piper's first chunk
of that clause, one after the other: a pipeline without a saved state. ``ratio`` = Daycast ÷ bare.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from bench.voice_latency import _NOTES, _bare_llm, _calendar, _first_clause, _load_llm, _load_speech

# A question the model must answer: a calendar question is composed from the entries without it, and its
# first audio would not depend on the saved state at all.
QUESTION = "Who do I need to send the invoice to?"
FACT = "Marco"
_FILLER = "".join(f"- Garden: water the {plant} on {day}.\n" for plant, day in
                  (("tomatoes", "Monday"), ("basil", "Tuesday"), ("roses", "Wednesday"), ("beans", "Thursday"),
                   ("mint", "Friday"), ("lavender", "Saturday"), ("peppers", "Sunday")))


def _sources(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "calendar.ics").write_text(_calendar(date.today()), encoding="utf-8")
    (folder / "errands.md").write_text(_NOTES + _FILLER, encoding="utf-8")
    (folder / "reading.md").write_text("# Reading list\n\n" + "".join(
        f"- Chapter {i} of the orchard handbook, on pruning and grafting apple trees.\n" for i in range(1, 25)),
        encoding="utf-8")
    return folder


def _question_audio(speech: dict[str, Any]) -> np.ndarray:
    from engines.speech_util import resample

    chunks = list(speech["tts"].synthesize(QUESTION))
    audio = resample(np.concatenate([c.samples for c in chunks]), chunks[0].sample_rate, 16000)
    return np.concatenate([audio, np.zeros(4000, np.float32)])


def _ask_run(audio: np.ndarray, sources: Path, output: Path, states: Path) -> dict[str, Any]:
    from app.commands.ask import Question, ask
    from app.core.briefing.pipeline import resolve_tz
    from app.core.settings import Settings, update
    from engines.metrics import contains_all
    from engines.prompt_cache import PromptStateCache

    settings = update(Settings(), output_dir=str(output))
    started = time.perf_counter()
    outcome = ask(Question(audio, (sources,), date.today(), resolve_tz(None)), settings, started=started,
                  state_cache=PromptStateCache(states))
    t = outcome.result.timings
    return {"first_audio_s": t.end_to_end, "from_start_s": outcome.first_audio_s, "asr_s": t.asr,
            "first_token_s": t.llm_first_token, "first_clause_s": t.first_clause, "prime_s": outcome.prime_s,
            "primed": outcome.primed, "context_tokens": outcome.context_tokens, "reply": outcome.result.reply,
            "correct": not contains_all(outcome.result.reply, [FACT])}


def _bare(speech: dict[str, Any], audio: np.ndarray, sources: Path, reply: str) -> dict[str, float]:
    """The same turn on the bare engines, the prompt read cold (a fresh llama.cpp instance)."""
    from app.core.assistant.context import ContextRequest, build_context
    from app.core.assistant.memory import Conversation, system_message
    from bench.voice_latency import default_model

    llm = _load_llm(default_model())
    try:
        context = build_context(ContextRequest(sources=(sources,), day=date.today()), count_tokens=llm.count_tokens)
        messages = Conversation(system_message(context.text), count_tokens=llm.count_tokens).messages(QUESTION)
        start = time.perf_counter()
        segments, _ = speech["bare_whisper"].transcribe(audio, language="en", beam_size=1)
        " ".join(s.text for s in segments)
        asr = time.perf_counter() - start
        clause = _first_clause(reply)
        first_token, first_clause = _bare_llm(llm, messages, clause)
        start = time.perf_counter()
        next(iter(speech["bare_piper"].synthesize(clause)))
        tts = time.perf_counter() - start
    finally:
        llm.close()
    return {"asr_s": asr, "first_token_s": first_token, "first_clause_s": first_clause, "tts_s": tts,
            "first_audio_s": asr + first_clause + tts}


def run() -> dict[str, Any]:
    speech = _load_speech()
    audio = _question_audio(speech)
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sources = _sources(root / "sources")
        for name in ("first", "unchanged"):
            figures[name] = _ask_run(audio, sources, root / "out", root / "states")
        with (sources / "errands.md").open("a", encoding="utf-8") as notes:
            notes.write("- Call the plumber about the kitchen tap\n")
        figures["changed"] = _ask_run(audio, sources, root / "out", root / "states")
        figures["bare"] = _bare(speech, audio, sources, figures["first"]["reply"])
    for name in ("first", "unchanged", "changed"):
        figures[name]["ratio_vs_bare"] = figures[name]["first_audio_s"] / figures["bare"]["first_audio_s"]
    return figures


def render(figures: dict[str, Any], console: Console) -> None:
    table = Table(title=f"Cold question: daycast ask, '{QUESTION}' (seconds)")
    for column in ("run", "state", "first audio", "from start", "recognition", "first token", "first clause",
                   "state load/read", "ratio vs bare", "right"):
        table.add_column(column, justify="left" if column in ("run", "state") else "right")
    for name in ("first", "unchanged", "changed"):
        f = figures[name]
        table.add_row(name, f["primed"], f"{f['first_audio_s']:.2f}", f"{f['from_start_s']:.2f}", f"{f['asr_s']:.2f}",
                      f"{f['first_token_s']:.2f}", f"{f['first_clause_s']:.2f}", f"{f['prime_s']:.2f}",
                      f"{f['ratio_vs_bare']:.2f}", "yes" if f["correct"] else "no")
    b = figures["bare"]
    table.add_row("bare", "read", f"{b['first_audio_s']:.2f}", "", f"{b['asr_s']:.2f}", f"{b['first_token_s']:.2f}",
                  f"{b['first_clause_s']:.2f}", "", "1.00", "")
    console.print(table)


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    render(run(), Console())


if __name__ == "__main__":
    main()
