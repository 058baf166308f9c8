"""Piper TTS (piper-tts, onnxruntime): one audio chunk per sentence, as soon as it is made."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from engines.cancel import NEVER, CancelToken
from engines.errors import ModelError, ModelMissingError, UsageError
from engines.speech_util import SentenceSpeech, check_speed, onnx_device, onnx_voice_info
from engines.text import speech_sentences
from engines.types import AudioChunk

if TYPE_CHECKING:
    from piper import PiperVoice, SynthesisConfig


class PiperTTS(SentenceSpeech):
    """A Piper voice in this process. ``synthesize`` is safe to call from several threads."""

    def __init__(
        self,
        model_path: Path,
        *,
        config_path: Path | None = None,
        device: str = "auto",
        model_id: str = "piper-en_US-joe-medium",
        license: str = "",
        sha256: str = "",
        sentence_pause: float = 0.2,
    ) -> None:
        model_path = Path(model_path)
        config_path = Path(config_path) if config_path else model_path.with_name(model_path.name + ".json")
        for path in (model_path, config_path):
            if not path.is_file():
                raise ModelMissingError(f"Piper voice file not found: {path}", hint="run `make models`")
        choice = onnx_device(device)
        self.voice = _load_voice(model_path, config_path, use_cuda=choice.device == "cuda")
        self.sample_rate: int = int(self.voice.config.sample_rate)
        self.sentence_pause = sentence_pause
        self._name = model_path.name.removesuffix(".onnx")
        self._speakers: dict[str, int] = dict(self.voice.config.speaker_id_map or {})
        self.info = onnx_voice_info("piper-tts", self.voice.session.get_providers(), choice, model_id=model_id,
                                    model_path=model_path, sha256=sha256, license=license)

    def voices(self) -> list[str]:
        """Speaker names of a multi-speaker voice, else the voice's own name."""
        return sorted(self._speakers) if self._speakers else [self._name]

    def synthesize(
        self, text: str, *, voice: str | None = None, speed: float = 1.0, cancel: CancelToken | None = None
    ) -> Iterator[AudioChunk]:
        """Yield one float32 mono chunk per sentence of ``text`` (normalised for reading aloud)."""
        from piper import SynthesisConfig

        cancel = cancel or NEVER
        speed = check_speed(speed, 0.25, 4.0)
        config = SynthesisConfig(
            speaker_id=self._speaker_id(voice), length_scale=self.voice.config.length_scale / speed, volume=0.9
        )
        sentences = speech_sentences(text, language=self.voice.config.espeak_voice)
        yield from self.sentence_chunks(sentences, lambda sentence: self._speak(sentence, config), speed, cancel)

    def _speak(self, sentence: str, config: SynthesisConfig) -> np.ndarray:
        with _ESPEAK_LOCK:  # the app's live turn and a briefing job may speak at once
            parts = [c.audio_float_array for c in self.voice.synthesize(sentence, config)]
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)

    def _speaker_id(self, voice: str | None) -> int | None:
        if voice is None or (not self._speakers and voice == self._name):
            return None
        if voice in self._speakers:
            return self._speakers[voice]
        raise UsageError(f"Piper voice {self._name} has no speaker {voice!r}; available: {', '.join(self.voices())}")


_ESPEAK_LOCK = threading.Lock()
"""Piper phonemises with espeak-ng, whose state is global to the process: one sentence at a time."""


def _load_voice(model_path: Path, config_path: Path, *, use_cuda: bool) -> PiperVoice:
    from piper import PiperVoice

    try:
        json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{config_path}: not a readable Piper voice config ({exc})") from exc
    try:
        return PiperVoice.load(
            model_path, config_path=config_path, use_cuda=use_cuda,
            download_dir=model_path.parent,
        )
    except Exception as exc:  # onnxruntime raises its own exception types for corrupt models
        raise ModelError(f"{model_path}: cannot load the Piper voice ({type(exc).__name__}: {exc})") from exc
