"""Podcast fixtures: voices, and one hand-written script rendered to a real episode.

The audio tests render a hand-written script (deterministic and quick); script writing is tested
with SmolLM2, and one slow end-to-end run uses the default model.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from podcast_helpers import KOKORO, PIPER, Rendered, handwritten_script, render

from app.core.podcast.pipeline import PodcastEngines, PodcastRequest
from app.core.podcast.render import Voice
from app.core.podcast.script import to_json
from engines.paths import models_dir

_USER_MODELS = models_dir()  # the real model store, captured before any test redirects the user folders


@pytest.fixture(scope="session")
def smollm2() -> Iterator[Any]:
    """SmolLM2 on one thread: on a machine shared by many test runs, llama.cpp's threads spin-wait for
    each other, and two threads ran ~10x slower than one here (1.4 vs 15 tokens/s)."""
    from engines import bundled
    from engines.llm_llamacpp import LlamaConfig, LlamaCppModel

    model = bundled.require("smollm2-135m-instruct-q4_1")
    llm = LlamaCppModel(LlamaConfig(model.path(), model.id, n_ctx=2048, n_threads=1,
                                    sha256=model.files[0].sha256, license=model.license))
    yield llm
    llm.close()


@pytest.fixture(scope="session")
def voice_map(piper_tts: Any, kokoro_tts: Any) -> dict[str, Voice]:
    """Voice spec -> loaded voice, from the shared session engines."""
    return {
        PIPER: Voice(piper_tts, piper_tts.voices()[0], PIPER),
        KOKORO: Voice(kokoro_tts, KOKORO.split(":", 1)[1], KOKORO),
    }


@pytest.fixture(scope="session")
def episode(tmp_path_factory: pytest.TempPathFactory, voice_map: dict[str, Voice]) -> Rendered:
    """The hand-written script rendered once to MP3 (+ M4A) with a feed, shared by the audio tests."""
    folder = tmp_path_factory.mktemp("episode")
    script = handwritten_script()
    script_path = folder / "script.json"
    script_path.write_text(to_json(script), encoding="utf-8")
    request = PodcastRequest(out=folder / "episode.mp3", from_script=script_path, formats=("m4a",))
    with isolated_home(tmp_path_factory):
        rendered = render(request, PodcastEngines(load_voice=voice_map.__getitem__))
    rendered.script = script
    return rendered


@contextlib.contextmanager
def isolated_home(factory: pytest.TempPathFactory) -> Iterator[None]:
    """Session fixtures run before the per-test folder isolation: give them their own user folders."""
    home = factory.mktemp("podcast-home")
    with pytest.MonkeyPatch.context() as patch:
        for name, sub in (("DAYCAST_HOME", "data"), ("DAYCAST_CONFIG", "config"), ("DAYCAST_CACHE", "cache")):
            patch.setenv(name, str(home / sub))
        patch.setenv("DAYCAST_MODELS", str(_USER_MODELS))
        yield



@pytest.fixture(scope="session")
def episode_16k(episode: Rendered) -> np.ndarray:
    """The episode's MP3 decoded back to 16 kHz mono (what Whisper hears)."""
    from app.core.audio.io import read_audio

    samples, _ = read_audio(episode.result.audio_path, sample_rate=16000, mono=True)
    return samples


@pytest.fixture(scope="session")
def heard_words(episode_16k: np.ndarray, whisper_asr: Any) -> list[Any]:
    """What Whisper base hears in the episode, word by word with times (one pass, shared)."""
    return [w for segment in whisper_asr.transcribe(episode_16k, word_timestamps=True) for w in segment.words]


@pytest.fixture(scope="session")
def speaker_audio(episode: Rendered, episode_16k: np.ndarray) -> Any:
    """speaker name -> that host's sentences cut out of the decoded episode (by the VTT cues) and joined."""
    from app.core.audio import subtitles

    cues = subtitles.parse_vtt(episode.result.vtt.read_text(encoding="utf-8"))
    gap = np.zeros(int(0.3 * 16000), np.float32)

    def cut(speaker: str) -> np.ndarray:
        parts = []
        for cue in cues:
            if cue.speaker == speaker:
                parts += [episode_16k[int(cue.start * 16000): int(cue.end * 16000)], gap]
        return np.concatenate(parts)

    return cut
