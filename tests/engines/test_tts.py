"""Piper and Kokoro through the TextToSpeech protocol: intelligibility (TTS -> Whisper), streaming, speed."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from engines import bundled
from engines.audio import resample
from engines.cancel import CancelToken
from engines.errors import Cancelled, ModelError, ModelMissingError, UsageError
from engines.metrics import word_error_rate
from engines.protocols import TextToSpeech
from engines.text import speech_sentences
from engines.tts import TTSCache, available_voices, load_tts, measure_intelligibility, parse_spec
from engines.tts_kokoro import KokoroTTS
from engines.tts_piper import PiperTTS

KOKORO_TEXT = (
    "Your meeting with Doctor Patel begins at 9:30 in room 12. "
    "The council approved a budget of 40 million dollars on Tuesday."
)
SPEED_TEXT = "The quick brown fox jumps over the lazy dog near the river bank."


def _total_duration(tts: TextToSpeech, text: str, **kwargs: object) -> float:
    return sum(c.duration for c in tts.synthesize(text, **kwargs))


def test_piper_describes_itself(piper_tts: PiperTTS) -> None:
    assert isinstance(piper_tts, TextToSpeech)
    assert piper_tts.info.backend.startswith("piper-tts 1.8") and "onnxruntime 1." in piper_tts.info.backend
    assert piper_tts.info.device == "cpu"  # no CUDA here; the reason says why
    assert piper_tts.info.detail
    assert piper_tts.sample_rate == 22050
    assert piper_tts.voices() == ["en_US-joe-medium"]


def test_piper_round_trip_through_whisper(best_take_wer, whisper_asr) -> None:
    wer, heard = best_take_wer(whisper_asr.transcribe_text)
    print(f"\npiper joe-medium -> whisper base: WER {wer:.3f}; heard: {heard}")
    assert wer < 0.15


def test_piper_streams_one_chunk_per_sentence(spoken) -> None:
    assert list(spoken.sentences) == speech_sentences(spoken.text)
    assert len(spoken.sentences) == 4
    assert spoken.first_chunk_seconds < spoken.synth_seconds
    rtf = spoken.synth_seconds / spoken.seconds
    print(f"\npiper RTF {rtf:.3f}, first chunk {spoken.first_chunk_seconds * 1000:.0f} ms "
          f"for {spoken.seconds:.1f} s of audio (2 shared cores)")


def test_piper_chunks_are_float32_mono_in_range(piper_tts: PiperTTS) -> None:
    chunks = list(piper_tts.synthesize("One. Two three."))
    assert [c.text for c in chunks] == ["One.", "Two three."]
    for chunk in chunks:
        assert chunk.samples.dtype == np.float32 and chunk.samples.ndim == 1
        assert chunk.sample_rate == 22050
        assert 0.1 < float(np.max(np.abs(chunk.samples))) <= 1.0
        # the sentence gap is silence at the end of each chunk
        assert float(np.max(np.abs(chunk.samples[-int(0.1 * chunk.sample_rate):]))) < 0.02


def test_piper_speed_shortens_duration(piper_tts: PiperTTS) -> None:
    normal = _total_duration(piper_tts, SPEED_TEXT)
    fast = _total_duration(piper_tts, SPEED_TEXT, speed=1.3)
    assert fast / normal == pytest.approx(1 / 1.3, rel=0.15)


def test_piper_cancel_stops_between_sentences(piper_tts: PiperTTS) -> None:
    token = CancelToken()
    made = []
    with pytest.raises(Cancelled):
        for chunk in piper_tts.synthesize("First sentence. Second sentence. Third sentence.", cancel=token):
            made.append(chunk)
            token.cancel("barge-in")
    assert len(made) == 1


def test_piper_rejects_bad_voice_and_speed(piper_tts: PiperTTS) -> None:
    with pytest.raises(UsageError, match="no speaker 'nobody'"):
        list(piper_tts.synthesize("Hi.", voice="nobody"))
    with pytest.raises(UsageError, match="speed"):
        list(piper_tts.synthesize("Hi.", speed=9.0))


def test_nothing_speakable_yields_no_chunks(piper_tts: PiperTTS) -> None:
    assert list(piper_tts.synthesize("🎉 🎉\n---\n")) == []
    assert list(piper_tts.synthesize("")) == []


def test_piper_missing_and_corrupt_files(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match=r"nope\.onnx"):
        PiperTTS(tmp_path / "nope.onnx")
    model = bundled.require("piper-en_US-joe-medium")
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"\x08\x01garbage" * 100)
    shutil.copy(model.path("en_US-joe-medium.onnx.json"), tmp_path / "broken.onnx.json")
    with pytest.raises(ModelError, match=r"broken\.onnx"):
        PiperTTS(broken)


def test_kokoro_describes_itself(kokoro_tts: KokoroTTS) -> None:
    assert isinstance(kokoro_tts, TextToSpeech)
    assert kokoro_tts.info.backend.startswith("kokoro-onnx") and "onnxruntime" in kokoro_tts.info.backend
    assert kokoro_tts.info.device == "cpu"
    assert kokoro_tts.sample_rate == 24000
    assert {"jf_alpha", "jm_kumo", "jf_nezumi"} <= set(kokoro_tts.voices())


@pytest.mark.parametrize("voice", ["jm_kumo", "jf_alpha"])
def test_kokoro_round_trip_through_whisper(kokoro_tts: KokoroTTS, whisper_asr, voice: str) -> None:
    start = time.perf_counter()
    chunks = list(kokoro_tts.synthesize(KOKORO_TEXT, voice=voice))
    synth = time.perf_counter() - start
    assert [c.text for c in chunks] == speech_sentences(KOKORO_TEXT)
    assert all(c.sample_rate == 24000 and c.samples.dtype == np.float32 for c in chunks)
    audio = np.concatenate([c.samples for c in chunks])
    heard = whisper_asr.transcribe_text(resample(audio, 24000, 16000))
    wer = word_error_rate(KOKORO_TEXT, heard)
    print(f"\nkokoro {voice} -> whisper base: WER {wer:.3f}, RTF {synth / (len(audio) / 24000):.2f}; heard: {heard}")
    assert wer < 0.15


def test_kokoro_speed_and_unknown_voice(kokoro_tts: KokoroTTS) -> None:
    normal = _total_duration(kokoro_tts, "Thanks for listening to the news today.", voice="jm_kumo")
    fast = _total_duration(kokoro_tts, "Thanks for listening to the news today.", voice="jm_kumo", speed=1.3)
    assert fast / normal == pytest.approx(1 / 1.3, rel=0.15)
    with pytest.raises(UsageError, match="af_heart"):
        list(kokoro_tts.synthesize("Hi.", voice="af_heart"))


def test_load_tts_caches_and_clears(piper_tts: PiperTTS) -> None:
    cache = TTSCache()
    first, voice = load_tts("piper:en_US-joe-medium", cache=cache)
    again, _ = load_tts("piper:en_US-joe-medium", cache=cache)
    assert first is again and len(cache) == 1
    assert voice == "en_US-joe-medium"
    assert first.info.sha256 == bundled.require("piper-en_US-joe-medium").files[0].sha256
    cache.clear()
    assert len(cache) == 0
    assert load_tts("piper:en_US-joe-medium", cache=cache)[0] is not first


def test_load_tts_kokoro_voice_from_cache(kokoro_tts: KokoroTTS) -> None:
    cache = TTSCache()
    cache.get(("kokoro", "kokoro-82m-int8", "auto"), lambda: kokoro_tts)  # the session's engine, not a reload
    tts, voice = load_tts("kokoro:jm_kumo", cache=cache)
    assert tts is kokoro_tts and voice == "jm_kumo"
    with pytest.raises(UsageError, match="no voice 'zz_nobody'"):
        load_tts("kokoro:zz_nobody", cache=cache)


@pytest.mark.parametrize("spec", ["", "piper", "espeak:en", "kokoro:", "jf_alpha"])
def test_bad_specs_are_usage_errors(spec: str) -> None:
    with pytest.raises(UsageError, match="engine:name"):
        parse_spec(spec)


def test_unknown_piper_voice_is_missing(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="en_GB-nobody-low"):
        load_tts("piper:en_GB-nobody-low", cache=TTSCache())


def test_available_voices_lists_both_engines() -> None:
    voices = {v.spec: v for v in available_voices()}
    assert voices["piper:en_US-joe-medium"].sample_rate == 22050
    assert voices["piper:en_US-joe-medium"].label == "Joe (en_US, Piper, medium)"
    assert voices["kokoro:jm_kumo"].sample_rate == 24000
    assert voices["kokoro:jf_alpha"].label == "Alpha (female, Japanese voice, Kokoro)"
    assert voices["kokoro:jf_alpha"].license == "Apache-2.0"


def test_measure_intelligibility(piper_tts: PiperTTS, whisper_asr) -> None:
    # Piper samples its voice noise: about one rendering in 15 of a short sentence is misheard ("Bob the
    # forerunut"), so the better of two renderings is judged
    results = [measure_intelligibility(piper_tts, whisper_asr, "Please call Bob before noon.") for _ in range(2)]
    result = min(results, key=lambda r: r.wer)
    assert result.wer < 0.2, [r.transcript for r in results]
    assert result.audio_seconds > 1.0 and result.synth_seconds > 0 and result.asr_seconds > 0
    assert "Bob" in result.transcript
