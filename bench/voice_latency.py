"""Voice-turn latency: end of speech → first reply audio, per stage, median and p90, with real-time factors.

Six calendar and notes questions are spoken by the project's own voices (Piper and Kokoro, 0.5 s of
silence after each) about a calendar and notes written for today, and fed frame by frame, at real-time
pace, through the live loop (:class:`app.core.assistant.live.LiveAssistant`: VAD end of speech, speculative and
partial transcripts, the turn, the player), with the default LLM and SmolLM2 for reference. The system
prompt and context are read once (``warm_up``, reported as ``cold_prefix_s``); each turn then reads only
what is new, as in a conversation.

Stages (seconds): ``vad_end`` silence waited for before the end of speech is decided (stream time);
``asr`` wait for the final transcript after that decision (recognition starts during the wait);
``llm_first_token`` and ``first_clause`` from the model request; ``tts_first_audio`` synthesis of the
first clause; ``end_to_end`` from the last speech frame to the first reply audio, all included, and
apart for the turns the model wrote (``written``) and those composed from the calendar (``composed``).

Baseline, in the same process and order: bare faster-whisper on each question, a second llama.cpp
instance of the same model answering the same messages (so its KV cache holds the same prefix), and
bare Piper on the same first clause. ``pipeline_ratio_vs_bare`` = bare sum / Daycast's processing time
(end_to_end - vad_end): 1.0 means the pipeline adds nothing; above 1, the overlap with the
end-of-speech wait won time back.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from app.core.assistant.live import LiveAssistant, LiveOptions
from app.core.assistant.session import AssistantEngines, AssistantOptions, llm_threads, open_session
from app.core.audio.microphone import RecordedInput
from app.core.audio.player import NullPlayer
from app.core.events import Stage, StageFinished
from app.core.settings import Settings
from engines import bundled
from engines.asr_whisper import WhisperASR
from engines.audio import resample
from engines.llm_llamacpp import LlamaConfig, LlamaCppModel
from engines.metrics import contains_all
from engines.text import SentenceBuffer
from engines.tts import load_tts
from engines.tts_piper import PiperTTS
from engines.vad_silero import SileroVAD as OnnxSileroVAD

SMOL = "smollm2-135m-instruct-q4_1"
DENSE = "qwen2.5-1.5b-instruct-q4km"
STAGES = ("vad_end", "asr", "llm_first_token", "first_clause", "tts_first_audio", "end_to_end")
QUESTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("piper", "What time is my first meeting today?", ("10:45",)),
    ("kokoro:jm_kumo", "Where is the llama grooming review?", ("Barn Seven",)),
    ("piper", "Who is my call with this afternoon?", ("Priya",)),
    ("kokoro:jm_kumo", "What do I have tomorrow morning?", ("dentist",)),
    ("piper", "Who do I need to send the invoice to?", ("Marco",)),
    ("kokoro:jm_kumo", "What should I buy on the way home?", ("oat milk",)),
)
_NOTES = "# Errands\n\n- Send the invoice to Marco by Friday\n- Buy oat milk on the way home\n"


def _calendar(day: date) -> str:
    def event(uid: str, when: date, start: str, end: str, summary: str, location: str = "") -> str:
        where = f"LOCATION:{location}\n" if location else ""
        return (f"BEGIN:VEVENT\nUID:{uid}@bench\nDTSTAMP:20260101T000000Z\nDTSTART:{when:%Y%m%d}T{start}\n"
                f"DTEND:{when:%Y%m%d}T{end}\nSUMMARY:{summary}\n{where}END:VEVENT\n")

    tomorrow = day + timedelta(days=1)
    return ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//bench//EN\n"
            + event("a", day, "104500", "113000", "Quarterly llama grooming review", "Barn Seven")
            + event("b", day, "150000", "153000", "Call with Priya about the houseboat")
            + event("c", tomorrow, "081500", "090000", "Dentist appointment")
            + "END:VCALENDAR\n")


@dataclass
class Spoken:
    text: str
    facts: tuple[str, ...]
    audio16k: np.ndarray

    @property
    def seconds(self) -> float:
        return len(self.audio16k) / 16000


@dataclass
class ModelRun:
    model: str
    turns: list[dict[str, float]] = field(default_factory=list)
    bare: list[dict[str, float]] = field(default_factory=list)
    correct: int = 0
    partials: int = 0
    cold_prefix_s: float = 0.0
    replies: list[str] = field(default_factory=list)


def _speak_questions(piper: Any) -> list[Spoken]:
    out = []
    for voice, text, facts in QUESTIONS:
        tts, name = (piper, None) if voice == "piper" else load_tts(voice, device="cpu")
        chunks = list(tts.synthesize(text, voice=name))
        audio = resample(np.concatenate([c.samples for c in chunks]), chunks[0].sample_rate, 16000)
        out.append(Spoken(text, facts, np.concatenate([audio, np.zeros(8000, np.float32)])))
    return out


def _load_llm(model_id: str, *, lookup_draft: bool = True) -> Any:
    """The model as Daycast loads it; ``lookup_draft=False`` for the bare baseline (plain llama.cpp decoding)."""
    model = bundled.require(model_id)
    return LlamaCppModel(LlamaConfig(model.path(), model.id, n_ctx=4096, n_threads=llm_threads(),
                                     sha256=model.files[0].sha256, license=model.license, lookup_draft=lookup_draft))


def default_model() -> str:
    wanted = Settings().llm_model
    installed = {m.id for m in bundled.load_manifest() if m.is_installed()}
    return wanted if wanted in installed else DENSE


@dataclass(frozen=True)
class BenchOptions:
    realtime: bool = True
    partials: bool = True
    speculative: bool = True
    read_ahead: bool = True


def _run_model(model_id: str, speech: dict[str, Any], questions: list[Spoken], sources: Path,
               options: BenchOptions) -> ModelRun:
    llm, bare_llm = _load_llm(model_id), _load_llm(model_id, lookup_draft=False)
    run = ModelRun(model_id)
    try:
        engines = AssistantEngines(speech["asr"], speech["vad"], llm, speech["tts"], None)
        session = open_session(Settings(), engines, sources=(sources,), day=date.today(), output_dir=sources,
                               options=AssistantOptions(tell_time=False))  # no briefing of the user's in the prompt
        run.cold_prefix_s = session.warm_up()
        _bare_llm(bare_llm, session.conversation.messages("Hello."), "")  # same cache as the warm-up
        recognition: list[float] = []
        mic = _QuestionsInput([q.audio16k for q in questions], options.realtime)
        live_options = LiveOptions(mode="hands_free", partial_interval=0.7 if options.partials else 0.0,
                                   speculative_asr=options.speculative, read_ahead=options.read_ahead)
        live = LiveAssistant(engines, mic, NullPlayer(), live_options, session=session,
                             on_event=lambda e: recognition.append(e.detail["recognition_seconds"])
                             if isinstance(e, StageFinished) and e.stage == Stage.ASR else None)
        mic.turns_done = lambda: len(live.stats.turns) + len(live.stats.interrupted)
        requests: list[Any] = []
        session.request = _recording(session.request, requests)  # type: ignore[method-assign]
        live.start()
        live.wait_for_turns(len(questions), timeout=600 * len(questions))
        live.stop()
        for index, (result, question) in enumerate(zip(live.stats.turns, questions, strict=False)):
            figures = result.timings.as_dict()
            figures["recognition_s"] = recognition[index] if index < len(recognition) else 0.0
            run.turns.append(figures)
            run.replies.append(result.reply)
            run.correct += not contains_all(result.reply, question.facts)
        run.partials = live._recognizer.partials
        for result, question, request in zip(live.stats.turns, questions, requests, strict=False):
            run.bare.append(_bare_turn(speech, bare_llm, request.messages, question, _first_clause(result.reply)))
    finally:
        llm.close()
        bare_llm.close()
    return run


def _recording(request: Any, into: list[Any]) -> Any:
    """``session.request`` that also keeps each request (the bare model answers the same messages)."""

    def wrapped(question: str, sources: str = "") -> Any:
        made = request(question, sources)
        into.append(made)
        return made

    return wrapped


class _QuestionsInput:
    """Recorded questions as an AudioInput: each one (with its 0.5 s of silence), then silence until the
    assistant has answered it, at real-time pace when ``realtime``."""

    sample_rate = 16000

    def __init__(self, questions: list[np.ndarray], realtime: bool) -> None:
        self._inputs = [RecordedInput(q, realtime=realtime) for q in questions]
        self._silence = np.zeros(512, np.float32)
        self._closed = False
        self.realtime = realtime
        self.turns_done: Any = lambda: 0

    def frames(self) -> Any:
        for index, recorded in enumerate(self._inputs):
            yield from recorded.frames()
            waited = time.perf_counter()
            while not self._closed and self.turns_done() <= index and time.perf_counter() - waited < 600:
                yield from RecordedInput(np.zeros(1600, np.float32), realtime=self.realtime).frames()

    def close(self) -> None:
        self._closed = True
        for recorded in self._inputs:
            recorded.close()


def _first_clause(reply: str) -> str:
    buffer = SentenceBuffer(first_clause=True)
    for word in reply.split(" "):
        got = buffer.feed(word + " ")
        if got:
            return got[0]
    rest = buffer.flush()
    return rest[0] if rest else reply


def _bare_turn(speech: dict[str, Any], llm: Any, messages: Any, question: Spoken,
               first_clause: str) -> dict[str, float]:
    start = time.perf_counter()
    segments, _ = speech["bare_whisper"].transcribe(question.audio16k, language="en", beam_size=1)
    " ".join(s.text for s in segments)
    asr = time.perf_counter() - start
    first_token, clause = _bare_llm(llm, messages, first_clause)
    start = time.perf_counter()
    next(iter(speech["bare_piper"].synthesize(first_clause)))
    tts = time.perf_counter() - start
    return {"asr": asr, "llm_first_token": first_token, "first_clause": clause, "tts_first_audio": tts,
            "sum": asr + clause + tts}


def _bare_llm(model: Any, messages: Any, first_clause: str) -> tuple[float, float]:
    """llama-cpp-python directly: seconds to the first token and to the text of ``first_clause``."""
    start = time.perf_counter()
    first = clause = 0.0
    text = ""
    stream = model.llama.create_chat_completion(
        messages=[{"role": m.role, "content": m.content} for m in messages], max_tokens=120, temperature=0.3,
        seed=7, stream=True)
    for chunk in stream:
        piece = chunk["choices"][0].get("delta", {}).get("content") or ""
        if not piece:
            continue
        first = first or time.perf_counter() - start
        text += piece
        if len(text.strip()) >= len(first_clause) and not clause:
            clause = time.perf_counter() - start
    return first, clause or time.perf_counter() - start


def _load_speech() -> dict[str, Any]:
    from faster_whisper import WhisperModel
    from piper import PiperVoice

    whisper = bundled.require(Settings().asr_model)  # what the assistant uses
    piper = bundled.require("piper-en_US-joe-medium")
    return {
        "asr": WhisperASR(whisper.directory, device="cpu", model_id=whisper.id),
        "vad": OnnxSileroVAD(),
        "tts": PiperTTS(piper.path("en_US-joe-medium.onnx"), device="cpu", model_id=piper.id),
        "bare_whisper": WhisperModel(str(whisper.directory), device="cpu", compute_type="int8"),
        "bare_piper": _BarePiper(PiperVoice.load(piper.path("en_US-joe-medium.onnx"))),
    }


class _BarePiper:
    def __init__(self, voice: Any) -> None:
        self.voice = voice

    def synthesize(self, text: str) -> Any:
        return (c.audio_float_array for c in self.voice.synthesize(text))


def _stats(values: list[float]) -> tuple[float, float]:
    if not values:
        return float("nan"), float("nan")
    return float(np.median(values)), float(np.percentile(values, 90))


def summarise(run: ModelRun, label: str) -> dict[str, Any]:
    figures: dict[str, Any] = {f"{label}.model": run.model, f"{label}.cold_prefix_s": run.cold_prefix_s,
                               f"{label}.correct": f"{run.correct}/{len(run.turns)}",
                               f"{label}.partial_transcripts": run.partials,
                               f"{label}.replies": " | ".join(run.replies)}
    for stage in (*STAGES, "recognition_s"):
        median, p90 = _stats([t[stage] for t in run.turns])
        figures[f"{label}.{stage}.median_s"], figures[f"{label}.{stage}.p90_s"] = median, p90
    for stage in ("asr", "llm_first_token", "first_clause", "tts_first_audio", "sum"):
        figures[f"{label}.bare.{stage}.median_s"] = _stats([b[stage] for b in run.bare])[0]
    for kind, turns in (("written", [t for t in run.turns if t["llm_first_token"]]),
                        ("composed", [t for t in run.turns if not t["llm_first_token"]])):
        figures[f"{label}.turns_{kind}"] = len(turns)  # composed: calendar answers, no model call
        median, p90 = _stats([t["end_to_end"] for t in turns])
        figures[f"{label}.end_to_end_{kind}.median_s"], figures[f"{label}.end_to_end_{kind}.p90_s"] = median, p90
    processing = [t["end_to_end"] - t["vad_end"] for t in run.turns]
    bare_sum = figures[f"{label}.bare.sum.median_s"]
    figures[f"{label}.pipeline_ratio_vs_bare"] = bare_sum / max(float(np.median(processing)), 1e-9) \
        if processing else float("nan")
    figures[f"{label}.asr_rtf"] = _stats([t["recognition_s"] / t["question_seconds"] for t in run.turns])[0]
    figures[f"{label}.tts_rtf"] = _stats([t["tts"] / t["audio_seconds"] for t in run.turns if t["audio_seconds"]])[0]
    figures[f"{label}.llm_tokens_per_s"] = _stats([t["completion_tokens"] / t["llm"] for t in run.turns
                                                   if t["llm"]])[0]
    return figures


def run(models: tuple[str, ...] | None = None, options: BenchOptions | None = None) -> dict[str, Any]:
    speech = _load_speech()
    questions = _speak_questions(speech["tts"])
    figures: dict[str, Any] = {"questions": len(questions),
                               "question_s.median": float(np.median([q.seconds for q in questions]))}
    chosen = models or (default_model(), SMOL)
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp)
        (sources / "calendar.ics").write_text(_calendar(date.today()), encoding="utf-8")
        (sources / "errands.md").write_text(_NOTES, encoding="utf-8")
        for index, model_id in enumerate(chosen):
            label = "default" if index == 0 and models is None else model_id.replace(".", "_")  # keys split on "."
            figures.update(summarise(_run_model(model_id, speech, questions, sources, options or BenchOptions()),
                                     label))
    return figures


def print_table(figures: dict[str, Any], console: Console | None = None) -> None:
    labels = sorted({k.split(".")[0] for k in figures if k.endswith(".model")}, key=lambda x: x != "default")
    table = Table(title=f"Voice turn latency ({figures['questions']} spoken questions, seconds)")
    table.add_column("stage")
    for label in labels:
        name = figures[f"{label}.model"]
        table.add_column(f"{name}\nmedian", justify="right")
        table.add_column("p90", justify="right")
        table.add_column("bare", justify="right")
    for stage in (*STAGES, "recognition_s"):
        row = [stage]
        for label in labels:
            bare = figures.get(f"{label}.bare.{stage}.median_s")
            row += [f"{figures[f'{label}.{stage}.median_s']:.3f}", f"{figures[f'{label}.{stage}.p90_s']:.3f}",
                    "" if bare is None else f"{bare:.3f}"]
        table.add_row(*row)
    for key in ("turns_written", "end_to_end_written.median_s", "end_to_end_written.p90_s", "turns_composed",
                "end_to_end_composed.median_s", "cold_prefix_s", "pipeline_ratio_vs_bare", "asr_rtf", "tts_rtf",
                "llm_tokens_per_s", "correct",
                "partial_transcripts"):
        row = [key]
        for label in labels:
            value = figures[f"{label}.{key}"]
            row += [f"{value:.3f}" if isinstance(value, float) else str(value), "", ""]
        table.add_row(*row)
    console = console or Console()
    console.print(table)
    for label in labels:
        f = {s: figures[f"{label}.{s}.median_s"] for s in STAGES}
        other = f["end_to_end"] - f["vad_end"] - f["asr"] - f["first_clause"] - f["tts_first_audio"]
        console.print(f"{figures[f'{label}.model']}: end of speech → first audio {f['end_to_end']:.2f} s = "
                      f"end-of-speech wait {f['vad_end']:.2f} + transcript wait {f['asr']:.2f} + first clause "
                      f"{f['first_clause']:.2f} (first token {f['llm_first_token']:.2f}) + speech "
                      f"{f['tts_first_audio']:.2f} + other {other:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", action="append", help="LLM model id (repeatable; default: default + SmolLM2)")
    parser.add_argument("--fast", action="store_true", help="feed audio as fast as it is processed")
    parser.add_argument("--no-partials", action="store_true", help="no partial transcripts while speaking")
    parser.add_argument("--no-speculation", action="store_true", help="transcribe only after the end of speech")
    parser.add_argument("--no-read-ahead", action="store_true", help="the model reads the conversation only when asked")
    parser.add_argument("--replies", action="store_true", help="print each question's reply")
    args = parser.parse_args()
    options = BenchOptions(realtime=not args.fast, partials=not args.no_partials, speculative=not args.no_speculation,
                           read_ahead=not args.no_read_ahead)
    figures = run(tuple(args.model) if args.model else None, options)
    print_table(figures)
    if args.replies:
        for key, value in figures.items():
            if key.endswith(".replies"):
                Console().print(key, value)


if __name__ == "__main__":
    main()
