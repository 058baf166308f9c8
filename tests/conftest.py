"""Shared fixtures: the real small models, loaded once per test session.

Model stores are read from the user's store (``make models`` fills it); every test that writes
settings, keys or ledgers points DAYCAST_HOME/DAYCAST_CONFIG at a temporary folder first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from engines import bundled
from engines.asr_whisper import WhisperASR
from engines.tts_kokoro import KokoroTTS
from engines.tts_piper import PiperTTS
from engines.vad_silero import SileroVAD

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_NUM_THREADS", "2")


from engines.paths import models_dir

_USER_MODELS = models_dir()  # the real store, captured before tests redirect DAYCAST_HOME


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings, keys, ledgers and caches of tests never touch the real user's folders."""
    home = tmp_path_factory.mktemp("daycast-home")
    monkeypatch.setenv("DAYCAST_HOME", str(home / "data"))
    monkeypatch.setenv("DAYCAST_CONFIG", str(home / "config"))
    monkeypatch.setenv("DAYCAST_CACHE", str(home / "cache"))
    monkeypatch.setenv("DAYCAST_MODELS", str(_USER_MODELS))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))  # systemd user units, among others


@pytest.fixture
def fake_keyring() -> Iterator[object]:
    """The OS keyring (Secret Service over D-Bus) cannot exist on this test machine: a dict stands in."""
    import keyring

    from tests.engines.llm_servers import MemoryKeyring

    previous = keyring.get_keyring()
    fake = MemoryKeyring()
    keyring.set_keyring(fake)
    yield fake
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def smollm2() -> Iterator[object]:
    from engines import bundled
    from engines.llm_llamacpp import LlamaConfig, LlamaCppModel

    model = bundled.require("smollm2-135m-instruct-q4_1")
    llm = LlamaCppModel(LlamaConfig(model.path(), model.id, n_ctx=2048, sha256=model.files[0].sha256,
                                    license=model.license))
    yield llm
    llm.close()


@pytest.fixture
def smollm2_one_thread(smollm2: object) -> Iterator[None]:
    """The session's SmolLM2 on one thread for a test: llama.cpp's spinning threads stall each other when
    other work shares the cores (see ``app.core.assistant.session.llm_threads``)."""
    smollm2.set_threads(1)  # type: ignore[attr-defined]
    yield
    smollm2.set_threads(os.cpu_count() or 2)  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def default_llm() -> Iterator[object]:
    """The default LLM of a fresh install (the upcycled MoE when built, else the dense Qwen)."""
    from app.core.settings import Settings
    from engines import bundled
    from engines.llm_llamacpp import LlamaConfig, LlamaCppModel

    wanted = Settings().llm_model
    installed = {m.id for m in bundled.load_manifest() if m.is_installed()}
    model = bundled.require(wanted if wanted in installed else "qwen2.5-1.5b-instruct-q4km")
    llm = LlamaCppModel(LlamaConfig(model.path(), model.id, n_ctx=4096, sha256=model.files[0].sha256,
                                    license=model.license))
    yield llm
    llm.close()


# --- speech engines: the real bundled models, shared by every test package ---------------------------


@pytest.fixture(scope="session")
def piper_tts() -> PiperTTS:
    model = bundled.require("piper-en_US-joe-medium")
    return PiperTTS(model.path("en_US-joe-medium.onnx"), device="auto", model_id=model.id, license=model.license)


@pytest.fixture(scope="session")
def kokoro_tts() -> KokoroTTS:
    model = bundled.require("kokoro-82m-int8")
    return KokoroTTS(model.path("kokoro.onnx"), model.path("voices.npz"), device="auto", model_id=model.id,
                     license=model.license)


@pytest.fixture(scope="session")
def whisper_asr() -> WhisperASR:
    model = bundled.require("whisper-base-ct2")
    return WhisperASR(model.directory, device="auto", model_id=model.id, license=model.license)


@pytest.fixture(scope="session")
def whisper_tiny() -> WhisperASR:
    """Whisper tiny.en, the assistant's recogniser (``Settings.asr_model``)."""
    model = bundled.require("whisper-tiny.en-ct2")
    return WhisperASR(model.directory, device="cpu", model_id=model.id, license=model.license)


@pytest.fixture(scope="session")
def silero_vad() -> SileroVAD:
    return SileroVAD()


# --- a small exported episode, for the join-in entry points (CLI, studio, kiosk) ------------------------------

EPISODE_NOTE = ("# Brindlemoor bike lanes\n\nThe council approved 47 new bike lanes. The first lanes open in May. "
                "Mayor Tamsin Oyelaran said the lanes cost 2.3 million pounds.\n")
EPISODE_TURNS = (
    ("Alex", "Today we talk about Brindlemoor. What did the council decide?"),
    ("Sam", "Forty seven new bike lanes. The first open in May."),
    ("Alex", "Who pays for them?"),
    ("Sam", "The mayor says they cost two point three million pounds."),
)


@pytest.fixture(scope="session")
def small_episode(tmp_path_factory: pytest.TempPathFactory, piper_tts: PiperTTS) -> object:
    """An episode as the exporter leaves it: audio, one caption per sentence, the script, its source.

    Both hosts speak with Piper (one small model for every test that joins in)."""
    import numpy as np

    from app.core.audio.encode import write_audio
    from app.core.audio.subtitles import Cue, to_vtt
    from app.core.podcast import script as script_mod
    from app.core.podcast.script import Host, Script, ScriptChapter, Turn

    folder = tmp_path_factory.mktemp("episode")
    source = folder / "bike-lanes.md"
    source.write_text(EPISODE_NOTE, encoding="utf-8")
    hosts = (Host("Alex", "piper:en_US-joe-medium"), Host("Sam", "piper:en_US-joe-medium", 1.1))
    chapter = ScriptChapter("Bike lanes", tuple(Turn(s, t) for s, t in EPISODE_TURNS), sources=(str(source),))
    script = Script("Brindlemoor on wheels", hosts, (chapter,))
    parts: list[np.ndarray] = []
    cues: list[Cue] = []
    position, rate = 0.0, piper_tts.sample_rate
    for speaker, text in EPISODE_TURNS:
        for chunk in piper_tts.synthesize(text):
            cues.append(Cue(round(position, 3), round(position + chunk.duration, 3), chunk.text, speaker))
            parts += [chunk.samples, np.zeros(int(0.25 * rate), np.float32)]
            position += chunk.duration + 0.25
    audio = folder / "episode.wav"
    write_audio(audio, np.concatenate(parts), rate)
    (folder / "episode.vtt").write_text(to_vtt(cues), encoding="utf-8")
    (folder / "episode.script.json").write_text(script_mod.to_json(script), encoding="utf-8")
    return audio
