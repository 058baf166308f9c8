"""A full disk during export: a DiskFullError naming the file, nothing half-written left, the old file kept,
and through ``daycast brief`` a clear message and a non-zero exit.

Two ways to fill a disk: a real 256 KiB tmpfs (when this process may mount one) and a simulated quota on
the file objects ``atomic_writer`` opens (always available; see ``faults_quota.py``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from faults_quota import install
from faults_util import full_disk, run_cli

from app.core.audio.encode import Tags, write_audio
from app.core.audio.io import read_audio
from engines.errors import DiskFullError
from engines.fsutil import atomic_write_text

FORMATS = [".wav", ".mp3", ".m4a", ".opus", ".flac"]
RATE = 16000


def _noise(seconds: float) -> np.ndarray:
    # Noise does not compress: every format needs far more than the space there is.
    return (0.2 * np.random.default_rng(3).standard_normal(int(seconds * RATE))).astype(np.float32)


def _check_disk_full(error: DiskFullError, target: Path) -> None:
    assert error.code == "output.disk_full"
    assert str(target) in error.message and "Disk full" in error.message
    assert "free some space" in error.hint


@pytest.mark.parametrize("suffix", FORMATS)
def test_simulated_full_disk_is_a_clear_error_and_leaves_nothing(tmp_path: Path, monkeypatch, suffix: str) -> None:
    quota = install(tmp_path, capacity=48_000, patch=monkeypatch.setattr)
    target = tmp_path / f"briefing{suffix}"
    with pytest.raises(DiskFullError) as caught:
        write_audio(target, _noise(30.0), RATE, tags=Tags(title="Full disk"))
    _check_disk_full(caught.value, target)
    assert quota.refused >= 1  # the refusal came from the (simulated) disk, not from anything else
    assert list(tmp_path.iterdir()) == []  # no destination, no temp file


@pytest.mark.parametrize("suffix", FORMATS)
def test_full_tmpfs_is_a_clear_error_and_keeps_the_old_file(tiny_disk: Path, suffix: str, capfd) -> None:
    target = tiny_disk / f"episode{suffix}"
    write_audio(target, _noise(0.5), RATE)  # an earlier, smaller export that fits
    before = target.read_bytes()
    with pytest.raises(DiskFullError) as caught:
        write_audio(target, _noise(60.0), RATE)
    _check_disk_full(caught.value, target)
    assert target.read_bytes() == before  # the old file is untouched ...
    assert len(read_audio(target, sample_rate=RATE)[0]) == pytest.approx(0.5 * RATE, abs=0.05 * RATE)  # ... and plays
    assert sorted(p.name for p in tiny_disk.iterdir()) == [target.name]  # the temp file was removed
    # FFmpeg's later writes (the trailer at close) were not turned into PyAV "exception being dropped" dumps
    assert "Traceback" not in capfd.readouterr().err


def test_full_tmpfs_text_writers_say_disk_full_too(tiny_disk: Path) -> None:
    target = tiny_disk / "briefing.vtt"
    with pytest.raises(DiskFullError, match=r"briefing\.vtt"):
        atomic_write_text(target, "WEBVTT\n\n" + "00:00:00.000 --> 00:00:01.000\nhello\n\n" * 20_000)
    assert list(tiny_disk.iterdir()) == []


def test_brief_cli_on_a_full_disk_says_so_and_exits_non_zero(tmp_path: Path, calendar_sources: Path) -> None:
    folder = tmp_path / "full"
    out = folder / "briefing.wav"
    with full_disk(folder, 128 * 1024) as prelude:
        done = run_cli("brief", "--sources", str(calendar_sources), "--out", str(out), "--date", "2026-03-12",
                       "--tz", "UTC", "--minutes", "0.3", "--quiet", "--model", "smollm2-135m-instruct-q4_1",
                       prelude=prelude)
        assert done.returncode == 2, done.stdout + done.stderr
        message = " ".join(done.stderr.split())  # rich may wrap long lines
        assert "output.disk_full" in message and f"Disk full while writing {out}" in message, message
        assert "free some space and run again" in message
        assert "Traceback" not in done.stderr and "exception being dropped" not in done.stderr, done.stderr
        assert done.stderr.rstrip().splitlines()[-1].strip().startswith("→ free some space")
        assert list(folder.iterdir()) == []  # no audio, no transcript, no sidecar, no temp file
