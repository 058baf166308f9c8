"""The provenance sidecar writer under arbitrary source titles, URLs and settings text: it writes a sidecar
that verifies and records the text unchanged, or refuses with its one clear error (a value that looks
like a secret) and writes nothing."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.trust import provenance
from app.core.trust.disclosure import disclosure_text
from engines.errors import DaycastError
from engines.types import ModelInfo

FUZZ = settings(max_examples=int(os.environ.get("DAYCAST_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ANY_TEXT = st.text(max_size=60)  # every code point, lone surrogates included (a JSON "\ud835" escape)
SOURCE = st.fixed_dictionaries({"title": ANY_TEXT, "source": ANY_TEXT, "url": ANY_TEXT, "kind": st.just("note")})


def _write(folder: Path, sources: list[dict], setting: str) -> Path:
    audio = folder / "briefing.wav"
    audio.write_bytes(b"RIFF fake audio bytes: the sidecar only hashes them")
    record = provenance.build_record(
        kind="briefing", audio_path=audio, sources=sources, models=[ModelInfo("piper-en_US-joe-medium", "piper")],
        settings={"voice": setting}, timings={"tts": 1.5}, disclosure=disclosure_text("full"),
    )
    provenance.write_sidecar(audio, record)
    return audio


def _as_stored(text: str) -> str:
    """UTF-8 cannot hold a lone surrogate: the sidecar keeps U+FFFD in its place."""
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


@FUZZ
@given(sources=st.lists(SOURCE, max_size=4), setting=ANY_TEXT)
@example(sources=[{"title": "script title \ud835 broken pair", "source": "s.json", "url": "", "kind": "text"}],
         setting="")
@example(sources=[{"title": "key sk-proj-abcdefghijklmnopqrstuvwx", "source": "a", "url": "", "kind": "note"}],
         setting="")
def test_any_source_titles_make_a_verifiable_sidecar_or_a_clear_refusal(
    tmp_path: Path, sources: list[dict], setting: str
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    try:
        audio = _write(folder, sources, setting)
    except DaycastError as exc:
        assert exc.code == provenance.SECRET_ERROR_CODE
        assert "looks like" in exc.message or "named like a secret" in exc.message
        assert not list(folder.glob("*.json"))  # nothing written
        return
    check = provenance.verify_sidecar(audio)
    assert check.ok, check.problems
    stored = json.loads(provenance.sidecar_path(audio).read_text(encoding="utf-8"))
    assert [s["title"] for s in stored["sources"]] == [_as_stored(s["title"]) for s in sources]
    assert [s["url"] for s in stored["sources"]] == [_as_stored(s["url"]) for s in sources]
    assert stored["settings"]["voice"] == _as_stored(setting)
    assert sorted(p.name for p in folder.iterdir()) == ["briefing.wav", "briefing.wav.json"]
