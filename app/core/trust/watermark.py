"""An inaudible, robust watermark that marks Daycast's audio as AI-made and names the install that made it.

How it works (spread spectrum in the STFT magnitude domain):

- The mono mix is resampled to 16 kHz and cut into 32 ms frames (16 ms hop). The 1-4.5 kHz band is
  divided into tiles of 2 frames x 3 bins (32 ms x 94 Hz); a period of 80 tile columns (2.56 s)
  repeats for the whole file, so any excerpt at least one period long holds every tile.
- Each tile's magnitude is scaled by ``exp(±STRENGTH)``; the signs come from a key-seeded
  pseudo-random layout. A quarter of the tiles are a known *pilot* (for synchronisation and
  detection), the rest carry the payload: 48 bits (product code, 32-bit key id, CRC-12) protected
  by a rate-1/2, constraint-length-7 convolutional code. The change is multiplicative, so the mark
  sits under the speech's own energy (none in silence) and no tone or noise floor is added; where
  speech is unusually rich in the band the mark is scaled down so the SNR never drops below 25 dB.
- The mark is built at 16 kHz and resampled up to the file's rate, then added: the original's
  content above 8 kHz is untouched.
- The detector takes tile log-energies, removes what a least-squares predictor from neighbouring
  tiles explains (the speech's own spectral shape), searches every alignment against the pilot,
  and decodes the payload at the best one with a soft Viterbi decoder. It reports a find only
  when the pilot stands out *and* the CRC matches, so unmarked audio does not trigger it. A long
  file where the whole-file search fails is scanned again in 20 s windows (spliced passages).

Gain changes, loudness normalisation and resampling leave tile *contrasts* unchanged; MP3, AAC and
Opus at podcast bitrates keep enough of them (see ``bench/watermark.py`` for measured rates).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import fft as sfft

from app.core.audio.io import as_samples, resample
from engines.errors import AudioFormatError

RATE = 16_000
NFFT = 512
HOP = 256
BAND_HZ = (1000, 4500)
TILE_FRAMES = 2
TILE_BINS = 3
PERIOD_COLS = 80
PILOTS_PER_COL = 9
STRENGTH = 0.18  # log-amplitude step per tile: about ±1.6 dB, ~27 dB below speech overall
MIN_SNR_DB = 25.0  # the mark is scaled down where speech is unusually rich in the band (never louder)
MIN_SECONDS = 2.0
SCAN_WINDOW_S = 20.0  # window for scanning long files whose whole-file search finds nothing

# Decision thresholds on the pilot's z-score (maximum over all alignments tried).
Z_WITH_CRC = 5.0  # enough when the payload's CRC also matches
Z_ALONE = 9.0  # a pilot this strong is a find even when the payload cannot be read
Z_NULL = 4.0  # about the largest pilot score unmarked audio reaches (bench: 4.1 over 210 clips)
Z_CERTAIN = 9.0

PRODUCT_CODES = {"daycast": 1}
_PRODUCT_BITS = 4
_KEY_BITS = 32
_CRC_BITS = 12
_CRC_POLY = 0x80F  # CRC-12
_INFO_BITS = _PRODUCT_BITS + _KEY_BITS + _CRC_BITS
_CONV_K = 7
_CONV_GEN = (0o171, 0o133)
_CODED_BITS = 2 * (_INFO_BITS + _CONV_K - 1)
_BLOCK_FRAMES = 8192  # STFT frames per chunk: bounds memory on long files


@dataclass(frozen=True)
class WatermarkPayload:
    """What the mark carries: the product and the id of the install's key (see ``app.core.trust.keys``)."""

    product: str = "daycast"
    key_id: int = 0


@dataclass(frozen=True)
class Detection:
    """``found`` only when the pilot stands out and the payload decodes (or the pilot alone is unmistakable).

    ``confidence`` runs from 0 (like unmarked audio) to 1 (unmistakable); ``score`` is the pilot's z-score.
    """

    found: bool
    payload: WatermarkPayload | None
    confidence: float
    score: float = 0.0
    detail: str = ""


# ---------------------------------------------------------------- payload coding


def _crc(bits: np.ndarray) -> int:
    reg = 0
    top = 1 << _CRC_BITS
    for bit in bits:
        reg = (reg << 1) | int(bit)
        if reg & top:
            reg ^= _CRC_POLY | top
    for _ in range(_CRC_BITS):
        reg <<= 1
        if reg & top:
            reg ^= _CRC_POLY | top
    return reg


def _int_bits(value: int, width: int) -> list[int]:
    return [(value >> (width - 1 - i)) & 1 for i in range(width)]


def _bits_int(bits: np.ndarray) -> int:
    return int("".join(str(int(b)) for b in bits), 2) if len(bits) else 0


def payload_bits(payload: WatermarkPayload) -> np.ndarray:
    code = PRODUCT_CODES.get(payload.product)
    if code is None:
        raise ValueError(f"unknown watermark product {payload.product!r}; known: {', '.join(PRODUCT_CODES)}")
    if not 0 <= payload.key_id < 1 << _KEY_BITS:
        raise ValueError(f"watermark key id must fit in {_KEY_BITS} bits, got {payload.key_id}")
    data = np.array(_int_bits(code, _PRODUCT_BITS) + _int_bits(payload.key_id, _KEY_BITS), np.uint8)
    return np.concatenate([data, np.array(_int_bits(_crc(data), _CRC_BITS), np.uint8)])


def _payload_from_bits(bits: np.ndarray) -> WatermarkPayload | None:
    data, check = bits[: -_CRC_BITS], bits[-_CRC_BITS:]
    if _crc(data) != _bits_int(check):
        return None
    code = _bits_int(data[:_PRODUCT_BITS])
    names = {v: k for k, v in PRODUCT_CODES.items()}
    if code not in names:
        return None
    return WatermarkPayload(product=names[code], key_id=_bits_int(data[_PRODUCT_BITS:]))


@lru_cache(maxsize=1)
def _trellis() -> tuple[np.ndarray, np.ndarray]:
    """For each next state and branch: the previous state, and the two code bits (as ±1) emitted."""
    states = 1 << (_CONV_K - 1)
    prev = np.zeros((states, 2), np.int64)
    out = np.zeros((states, 2, 2), np.float64)
    for nxt in range(states):
        u = nxt & 1
        for branch in range(2):
            state = (nxt >> 1) | (branch << (_CONV_K - 2))
            window = (state << 1) | u
            prev[nxt, branch] = state
            for g, gen in enumerate(_CONV_GEN):
                out[nxt, branch, g] = 1.0 - 2.0 * (bin(window & gen).count("1") & 1)
    return prev, out


def conv_encode(bits: np.ndarray) -> np.ndarray:
    state = 0
    coded: list[int] = []
    for u in [*bits.tolist(), *([0] * (_CONV_K - 1))]:
        window = (state << 1) | u
        coded.extend(bin(window & gen).count("1") & 1 for gen in _CONV_GEN)
        state = window & ((1 << (_CONV_K - 1)) - 1)
    return np.array(coded, np.uint8)


def viterbi_decode(soft: np.ndarray) -> np.ndarray:
    """Soft-decision decode (positive soft value = code bit 0) of a zero-terminated block."""
    prev, out = _trellis()
    steps = len(soft) // 2
    metric = np.full(prev.shape[0], -np.inf)
    metric[0] = 0.0
    choices = np.zeros((steps, prev.shape[0]), np.int8)
    for t in range(steps):
        branch = metric[prev] + out[..., 0] * soft[2 * t] + out[..., 1] * soft[2 * t + 1]
        choices[t] = np.argmax(branch, axis=1)
        metric = branch[np.arange(prev.shape[0]), choices[t]]
    state = 0  # terminated by the zero tail
    bits = np.zeros(steps, np.uint8)
    for t in range(steps - 1, -1, -1):
        bits[t] = state & 1
        state = prev[state, choices[t, state]]
    return bits[: steps - (_CONV_K - 1)]


# ---------------------------------------------------------------- layout and framing


@dataclass(frozen=True)
class _Layout:
    pilot: np.ndarray  # (rows, PERIOD_COLS) bool
    pn: np.ndarray  # (rows, PERIOD_COLS) ±1
    bit_of: np.ndarray  # (rows, PERIOD_COLS) coded-bit index, -1 on pilot tiles


def _band() -> tuple[int, int]:
    first = round(BAND_HZ[0] * NFFT / RATE)
    rows = (round(BAND_HZ[1] * NFFT / RATE) - first) // TILE_BINS
    return first, rows


@lru_cache(maxsize=8)
def _layout(key: bytes) -> _Layout:
    _, rows = _band()
    seed = int.from_bytes(hashlib.sha256(b"daycast-watermark-v1\0" + key).digest()[:16], "little")
    rng = np.random.default_rng(seed)
    pilot = np.zeros((rows, PERIOD_COLS), bool)
    for col in range(PERIOD_COLS):
        pilot[rng.choice(rows, PILOTS_PER_COL, replace=False), col] = True
    pn = rng.choice(np.array([-1.0, 1.0]), size=(rows, PERIOD_COLS))
    bit_of = np.full((rows, PERIOD_COLS), -1, np.int64)
    data_cells = np.flatnonzero(~pilot.ravel())
    order = rng.permutation(len(data_cells))
    bit_of.ravel()[data_cells[order]] = np.arange(len(data_cells)) % _CODED_BITS
    return _Layout(pilot, pn, bit_of)


def _check_key(key: bytes) -> bytes:
    if not isinstance(key, bytes | bytearray) or len(key) < 16:
        raise ValueError("watermark key must be at least 16 bytes")
    return bytes(key)


def _mono16k(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    array = as_samples(samples)
    mono = array if array.ndim == 1 else array.mean(axis=1, dtype=np.float32)
    return resample(mono, int(sample_rate), RATE).astype(np.float64)


def _check_rate(sample_rate: int) -> None:
    if int(sample_rate) < 2 * BAND_HZ[1] + 1000:
        raise AudioFormatError(
            f"Audio at {sample_rate} Hz cannot carry the watermark; it needs at least {2 * BAND_HZ[1] + 1000} Hz"
        )


# ---------------------------------------------------------------- embedding


def embed(samples: np.ndarray, sample_rate: int, payload: WatermarkPayload, *, key: bytes) -> np.ndarray:
    """``samples`` ((n,) or (n, channels) float) with the watermark added to every channel, same shape.

    Apply it last, after mixing and loudness normalisation; the result is clipped to [-1, 1].
    """
    layout = _layout(_check_key(key))
    _check_rate(sample_rate)
    array = as_samples(samples)
    if array.shape[0] < NFFT:
        return array.copy()
    signs = layout.pn.copy()
    coded = 1.0 - 2.0 * conv_encode(payload_bits(payload)).astype(np.float64)
    data = ~layout.pilot
    signs[data] *= coded[layout.bit_of[data]]
    x16 = _mono16k(array, sample_rate)
    mark16 = _mark(x16, signs)
    mark_energy = float(np.sum(mark16**2))
    if mark_energy > 0:
        snr = 10.0 * np.log10(float(np.sum(x16**2)) / mark_energy)
        mark16 *= min(1.0, 10.0 ** ((snr - MIN_SNR_DB - 0.1) / 20.0))
    mark = resample(mark16.astype(np.float32), RATE, int(sample_rate))[: array.shape[0]]
    mark = np.pad(mark, (0, array.shape[0] - mark.shape[0]))
    marked = array + (mark if array.ndim == 1 else mark[:, None])
    return np.clip(marked, -1.0, 1.0).astype(np.float32)


def _mark(x: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """The watermark signal for 16 kHz ``x``: ISTFT of the STFT scaled by ``exp(STRENGTH * sign) - 1``."""
    first, rows = _band()
    width = rows * TILE_BINS
    window = np.sqrt(np.hanning(NFFT + 1)[:-1]).astype(np.float32)  # sqrt-Hann in and out: perfect reconstruction
    padded = np.concatenate([np.zeros(HOP), x, np.zeros(NFFT)]).astype(np.float32)
    n_frames = (len(padded) - NFFT) // HOP + 1
    out = np.zeros((n_frames + 1) * HOP)
    step = np.exp(STRENGTH * signs) - 1.0
    for start in range(0, n_frames, _BLOCK_FRAMES):
        stop = min(n_frames, start + _BLOCK_FRAMES)
        frames = np.lib.stride_tricks.sliding_window_view(padded, NFFT)[start * HOP : (stop - 1) * HOP + 1 : HOP]
        spectrum = sfft.rfft(frames * window, axis=1)
        cols = (np.arange(start, stop) // TILE_FRAMES) % PERIOD_COLS
        gains = np.zeros(spectrum.shape, np.float32)
        gains[:, first : first + width] = np.repeat(step[:, cols].T, TILE_BINS, axis=1)
        wave = sfft.irfft(spectrum * gains, n=NFFT, axis=1) * window
        out[start * HOP : stop * HOP] += wave[:, :HOP].ravel()
        out[(start + 1) * HOP : (stop + 1) * HOP] += wave[:, HOP:].ravel()
    return out[HOP : HOP + len(x)]


def snr_db(original: np.ndarray, marked: np.ndarray) -> float:
    """Signal-to-watermark ratio in dB (whole signal energy over the energy of the difference)."""
    a = as_samples(original).astype(np.float64)
    noise = float(np.sum((as_samples(marked).astype(np.float64) - a) ** 2))
    return float("inf") if noise == 0 else float(10.0 * np.log10(np.sum(a**2) / noise))


# ---------------------------------------------------------------- detection


def _tile_energy(x: np.ndarray, offset: int) -> np.ndarray:
    """Per-frame energy of each band tile row: (rows, frames), Hann-windowed, frames from ``offset``."""
    first, rows = _band()
    width = rows * TILE_BINS
    window = np.hanning(NFFT + 1)[:-1].astype(np.float32)
    signal = x[offset:].astype(np.float32)
    n_frames = (len(signal) - NFFT) // HOP + 1
    energy = np.empty((rows, max(n_frames, 0)))
    for start in range(0, n_frames, _BLOCK_FRAMES):
        stop = min(n_frames, start + _BLOCK_FRAMES)
        frames = np.lib.stride_tricks.sliding_window_view(signal, NFFT)[start * HOP : (stop - 1) * HOP + 1 : HOP]
        band = sfft.rfft(frames * window, axis=1)[:, first : first + width]
        power = band.real**2 + band.imag**2
        energy[:, start:stop] = power.reshape(stop - start, rows, TILE_BINS).sum(axis=2).T
    return energy


_NEIGHBOURS = ((-1, 0), (1, 0), (-2, 0), (2, 0), (-3, 0), (3, 0), (0, -1), (0, 1), (0, -2), (0, 2),
               (-1, -1), (1, -1), (-1, 1), (1, 1), (-2, -1), (2, -1), (-2, 1), (2, 1))
_FIT_TILES = 60_000


def _residual(energy: np.ndarray) -> np.ndarray:
    """Tile log-energies minus what their neighbours predict, scaled per column and clipped.

    The predictor is fitted by least squares on the audio itself; it removes the speech's spectral
    envelope and most of its harmonic structure, which are the detector's main noise.
    """
    logs = np.log(energy + 1e-10 * float(energy.mean()) + 1e-30)
    rows, cols = logs.shape
    pad = 3
    padded = np.pad(logs, pad, mode="reflect")
    n_tiles = rows * cols
    fit = np.arange(n_tiles)
    if n_tiles > _FIT_TILES:
        fit = np.sort(np.random.default_rng(0).choice(n_tiles, _FIT_TILES, replace=False))
    fit_r, fit_c = np.divmod(fit, cols)
    design = np.stack([padded[pad + dr + fit_r, pad + dc + fit_c] for dr, dc in _NEIGHBOURS]
                      + [np.ones(len(fit))], axis=1)
    gram = design.T @ design + 1e-6 * np.eye(design.shape[1])
    coef = np.linalg.solve(gram, design.T @ logs.ravel()[fit])
    resid = logs - coef[-1]
    for weight, (dr, dc) in zip(coef[:-1], _NEIGHBOURS, strict=True):
        resid -= weight * padded[pad + dr : pad + dr + rows, pad + dc : pad + dc + cols]
    resid -= resid.mean(axis=1, keepdims=True)  # a per-row bias would swamp long folds
    resid /= 1.4826 * np.median(np.abs(resid), axis=0, keepdims=True) + 1e-9
    return np.clip(resid, -3.0, 3.0)


@dataclass(frozen=True)
class _Candidate:
    z: float
    shift: int
    folded: np.ndarray  # residuals summed per period cell, already rolled to the layout's columns


def _candidates(x: np.ndarray, offset: int, layout: _Layout) -> list[_Candidate]:
    """The best alignment for each tile phase, with frames starting ``offset`` samples in."""
    pilot_f = np.fft.fft(layout.pn * layout.pilot, axis=1)
    mask_f = np.fft.fft(layout.pilot.astype(np.float64), axis=1)
    energy = _tile_energy(x, offset)
    found = []
    for phase in range(TILE_FRAMES):
        n_cols = (energy.shape[1] - phase) // TILE_FRAMES
        if n_cols < 8:
            continue
        tiles = energy[:, phase : phase + n_cols * TILE_FRAMES].reshape(energy.shape[0], n_cols, TILE_FRAMES)
        resid = _residual(tiles.sum(axis=2))
        folded = np.zeros((resid.shape[0], PERIOD_COLS))
        np.add.at(folded.T, np.arange(n_cols) % PERIOD_COLS, resid.T)
        # Received column c sits at layout column (c + shift) % PERIOD_COLS: circular correlation.
        # The z-score is normalised by the *folded* cells' energy, so audio that itself repeats
        # with the watermark's period (a music loop) scores like any other audio, not sqrt(repeats) higher.
        num = np.fft.ifft(np.conj(np.fft.fft(folded, axis=1)) * pilot_f, axis=1).real.sum(axis=0)
        den = np.fft.ifft(np.conj(np.fft.fft(folded**2, axis=1)) * mask_f, axis=1).real.sum(axis=0)
        z = num / np.sqrt(np.maximum(den, 1e-12))
        shift = int(np.argmax(z))
        found.append(_Candidate(float(z[shift]), shift, np.roll(folded, shift, axis=1)))
    return found


def _decode(candidate: _Candidate, layout: _Layout) -> WatermarkPayload | None:
    data = ~layout.pilot
    soft = np.bincount(layout.bit_of[data], weights=(layout.pn * candidate.folded)[data], minlength=_CODED_BITS)
    power = np.bincount(layout.bit_of[data], weights=candidate.folded[data] ** 2, minlength=_CODED_BITS)
    return _payload_from_bits(viterbi_decode(soft / np.sqrt(np.maximum(power, 1e-12))))


def _confidence(z: float) -> float:
    return float(min(1.0, max(0.0, (z - Z_NULL) / (Z_CERTAIN - Z_NULL))))


def detect(samples: np.ndarray, sample_rate: int, *, key: bytes) -> Detection:
    """Look for the watermark made with ``key`` anywhere in ``samples`` (any rate >= 10 kHz, mono or not).

    The whole file is searched first; a long file where that fails is then scanned in overlapping
    windows, so a marked passage spliced into other audio is still found.
    """
    layout = _layout(_check_key(key))
    _check_rate(sample_rate)
    array = as_samples(samples)
    if array.shape[0] < MIN_SECONDS * sample_rate:
        return Detection(False, None, 0.0, detail=f"too short: a watermark needs at least {MIN_SECONDS:g} s")
    x = _mono16k(array, sample_rate)
    if not np.any(x):
        return Detection(False, None, 0.0, detail="the audio is silent")
    whole = _search(x, layout, alone_ok=True)
    window, step = int(SCAN_WINDOW_S * RATE), int(SCAN_WINDOW_S * RATE / 2)
    if whole.found or len(x) < 2 * window:
        return whole
    for start in range(0, len(x) - step, step):
        part = _search(x[start : start + window], layout, alone_ok=False)
        if part.found:
            where = f"found in {start / RATE:.0f}-{min(len(x), start + window) / RATE:.0f} s"
            return Detection(True, part.payload, part.confidence, part.score, detail=where)
    return whole


def _search(x: np.ndarray, layout: _Layout, *, alone_ok: bool) -> Detection:
    tried: list[_Candidate] = []
    for offset in (0, HOP // 2):  # the second half-hop offset only when the first is not conclusive
        tried = sorted([*tried, *_candidates(x, offset, layout)], key=lambda c: -c.z)
        for candidate in tried[:3]:
            if candidate.z < Z_WITH_CRC:
                break
            payload = _decode(candidate, layout)
            if payload is not None:
                return Detection(True, payload, _confidence(candidate.z), candidate.z)
    if not tried:
        return Detection(False, None, 0.0, detail="too short to analyse")
    best = tried[0]
    if alone_ok and best.z >= Z_ALONE:
        return Detection(True, None, _confidence(best.z), best.z, detail="payload unreadable")
    return Detection(False, None, _confidence(best.z), best.z)


def embed_daycast(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """Daycast's mark for this install: the product key, carrying this install's key id (app.core.trust.keys)."""
    from app.core.trust import keys

    payload = WatermarkPayload(key_id=keys.load_or_create().key_id)
    return embed(samples, sample_rate, payload, key=keys.watermark_key())


def detect_daycast(samples: np.ndarray, sample_rate: int) -> Detection:
    """:func:`detect` with Daycast's product key (finds marks made by any Daycast install)."""
    from app.core.trust import keys

    return detect(samples, sample_rate, key=keys.watermark_key())
