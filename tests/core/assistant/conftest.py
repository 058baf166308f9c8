"""Assistant test fixtures: the real speech models (loaded once), spoken questions, a tester's calendar,
and ``FakeMicrophoneStream``, the one fake here: a simulated microphone, since no microphone exists on
this machine. It plays a script of real (synthesised) speech in real time and can mix in the echo of
what the player is playing, or lose the device mid-stream.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.core.audio.player import NullPlayer
from engines import bundled
from engines.audio import resample
from engines.errors import AudioDeviceError
from engines.types import ChatResult, TextDelta

DAY = date(2026, 3, 3)
CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//tester//EN
BEGIN:VEVENT
UID:grooming@tester
DTSTAMP:20260301T000000Z
DTSTART:20260303T104500Z
DTEND:20260303T113000Z
SUMMARY:Quarterly llama grooming review
LOCATION:Barn Seven
END:VEVENT
BEGIN:VEVENT
UID:priya@tester
DTSTAMP:20260301T000000Z
DTSTART:20260303T150000Z
DTEND:20260303T153000Z
SUMMARY:Call with Priya about the houseboat
END:VEVENT
BEGIN:VEVENT
UID:dentist@tester
DTSTAMP:20260301T000000Z
DTSTART:20260304T081500Z
DTEND:20260304T090000Z
SUMMARY:Dentist appointment
END:VEVENT
END:VCALENDAR
"""
NOTES = "# Errands\n\n- Send the invoice to Marco by Friday\n- Buy oat milk\n"


@pytest.fixture(scope="session")
def piper_tts() -> object:
    from engines.tts_piper import PiperTTS

    model = bundled.require("piper-en_US-joe-medium")
    return PiperTTS(model.path("en_US-joe-medium.onnx"), device="cpu", model_id=model.id, license=model.license)


@pytest.fixture(scope="session")
def assistant_vad() -> object:
    """Silero VAD on onnxruntime (engines.vad_silero)."""
    from engines.vad_silero import SileroVAD as OnnxSileroVAD

    return OnnxSileroVAD()


@pytest.fixture(scope="session")
def say(piper_tts: object) -> Callable[[str], np.ndarray]:
    """Text → what Piper says, as 16 kHz mono float32 (cached per text)."""
    cache: dict[str, np.ndarray] = {}

    def speak(text: str) -> np.ndarray:
        if text not in cache:
            chunks = list(piper_tts.synthesize(text))  # type: ignore[attr-defined]
            audio = np.concatenate([c.samples for c in chunks])
            cache[text] = resample(audio, chunks[0].sample_rate, 16000)
        return cache[text]

    return speak


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A tester's folder: a calendar (today and tomorrow, UTC times) and a note."""
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "work.ics").write_text(CALENDAR, encoding="utf-8")
    (folder / "errands.md").write_text(NOTES, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def smol_llm() -> Iterator[object]:
    """SmolLM2 as the assistant runs it: one core left to speech (see ``app.core.assistant.session.llm_threads``)."""
    from app.core.assistant.session import llm_threads
    from engines.llm_llamacpp import LlamaConfig, LlamaCppModel

    model = bundled.require("smollm2-135m-instruct-q4_1")
    llm = LlamaCppModel(LlamaConfig(model.path(), model.id, n_ctx=2048, n_threads=llm_threads(),
                                    sha256=model.files[0].sha256, license=model.license))
    yield llm
    llm.close()


@pytest.fixture
def smol_engines(whisper_asr: object, assistant_vad: object, piper_tts: object, smol_llm: object) -> object:
    from app.core.assistant.session import AssistantEngines

    return AssistantEngines(asr=whisper_asr, vad=assistant_vad, llm=smol_llm, tts=piper_tts, voice=None)  # type: ignore[arg-type]


class ReplayLLM:
    """Stands in for a small model caught in a loop or inventing (the real one does it only sometimes):
    it replays a fixed reply token by token, with the real model's token counter."""

    def __init__(self, inner: Any, reply: str) -> None:
        self.inner, self.info, self.n_ctx, self.reply = inner, inner.info, inner.n_ctx, reply

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def stream_chat(self, request: object, cancel: object = None) -> Iterator[TextDelta | ChatResult]:
        self.given = 0
        for word in self.reply.split(" "):
            self.given += 1
            yield TextDelta(word + " ")
        yield ChatResult(self.reply, self.info)


@pytest.fixture
def replay_llm(smol_llm: object) -> Callable[[str], ReplayLLM]:
    """A model that replies ``reply`` whatever it is asked (see :class:`ReplayLLM`)."""
    return lambda reply: ReplayLLM(smol_llm, reply)


# -- the simulated microphone ------------------------------------------------------------------------


@dataclass
class Step:
    """One part of a microphone script: ``audio`` to deliver, or silence ``until`` a condition holds."""

    audio: np.ndarray | None = None
    until: Callable[[], bool] | None = None
    timeout: float = 60.0
    gain_db: float = 0.0
    label: str = ""
    started_at: float = -1.0
    """Stream time at which this step began (set while playing)."""


@dataclass
class FakeMicrophoneStream:
    """A simulated microphone: delivers 512-sample frames of a script at real-time pace, optionally
    adding what ``echo_from`` (a NullPlayer on this stream's clock) plays, at ``echo_db``. With
    ``fail_at`` it raises AudioDeviceError once that stream time is reached (an unplugged device)."""

    steps: list[Step]
    echo_from: NullPlayer | None = None
    echo_db: float = -10.0
    fail_at: float | None = None
    start_at: float = 0.0
    sample_rate: int = 16000
    block: int = 512
    delivered: int = 0
    closed: threading.Event = field(default_factory=threading.Event)

    def now(self) -> float:
        return self.start_at + self.delivered / self.sample_rate

    def step(self, label: str) -> Step:
        return next(s for s in self.steps if s.label == label)

    def frames(self) -> Iterator[np.ndarray]:
        started = time.perf_counter() - self.start_at
        for step in self.steps:
            step.started_at = self.now()
            audio = step.audio * (10 ** (step.gain_db / 20)) if step.audio is not None else None
            offset = 0
            while not self.closed.is_set():
                if audio is not None and offset >= len(audio):
                    break
                waited = self.now() - step.started_at
                if audio is None and (step.until is None or step.until() or waited > step.timeout):
                    break
                frame = np.zeros(self.block, np.float32)
                if audio is not None:
                    piece = audio[offset:offset + self.block]
                    frame[:len(piece)] = piece
                    offset += self.block
                yield self._deliver(frame, started)

    def _deliver(self, frame: np.ndarray, started: float) -> np.ndarray:
        if self.fail_at is not None and self.now() >= self.fail_at:
            self.fail_at = None
            raise AudioDeviceError("The microphone 'Fake USB mic' stopped delivering audio (unplugged)")
        t0 = self.now()
        # Real-time pace, as a device delivers: a block exists once it has been recorded.
        self.closed.wait(max(0.0, started + t0 + self.block / self.sample_rate - time.perf_counter()))
        if self.echo_from is not None:
            frame = frame + self.echo_from.output_between(t0, t0 + self.block / self.sample_rate, self.sample_rate) \
                * (10 ** (self.echo_db / 20))
        self.delivered += self.block
        return frame.astype(np.float32)

    def close(self) -> None:
        self.closed.set()


@pytest.fixture
def fake_microphone() -> type[FakeMicrophoneStream]:
    return FakeMicrophoneStream


@pytest.fixture
def step() -> type[Step]:
    return Step
