"""The provenance sidecar writer under arbitrary source titles, URLs and settings text: it writes a sidecar
that verifies and records the text unchanged, or refuses with its one clear error (a value that looks
like a secret) and writes nothing."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from budget import run_bounded
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
    redact = provenance.redact_url_secrets
    assert [s["title"] for s in stored["sources"]] == [redact(_as_stored(s["title"])) for s in sources]
    assert [s["url"] for s in stored["sources"]] == [redact(_as_stored(s["url"])) for s in sources]
    assert stored["settings"]["voice"] == _as_stored(setting)
    assert sorted(p.name for p in folder.iterdir()) == ["briefing.wav", "briefing.wav.json"]


TOKEN_URLS = [
    "https://news.example.org/feed.xml?token=8f2a9c0d1e3b4a5f6c7d",
    "https://cal.example.org/private.ics?user=ana&sig=Zm9vYmFyYmF6cXV4MTIz&exp=1700000000",
    "https://api.example.org/v1/items?key=AbCdEfGhIjKlMnOp",
    "https://ana:hunter2secret@dav.example.org/calendars/ana/",
]


def test_tokens_in_source_links_are_redacted_not_fatal(tmp_path: Path) -> None:
    """A feed link carrying ?token= used to fail the briefing after its audio was written."""
    sources = [{"title": f"Feed {i}", "source": "feeds.opml", "url": url, "kind": "feed"}
               for i, url in enumerate(TOKEN_URLS)]
    audio = _write(tmp_path, sources, "")
    text = provenance.sidecar_path(audio).read_text(encoding="utf-8")
    for secret in ("8f2a9c0d1e3b4a5f6c7d", "Zm9vYmFyYmF6cXV4MTIz", "AbCdEfGhIjKlMnOp", "hunter2secret"):
        assert secret not in text
    stored = [s["url"] for s in json.loads(text)["sources"]]
    assert stored[1] == "https://cal.example.org/private.ics?user=ana&sig=***&exp=1700000000"
    assert provenance.verify_sidecar(audio).ok


def _verify_nested(folder: str, depth: int) -> tuple[bool, list[str]]:
    audio = Path(folder) / "deep.wav"
    audio.write_bytes(b"RIFF")
    provenance.sidecar_path(audio).write_text('{"a":' * depth + "1" + "}" * depth, encoding="utf-8")
    check = provenance.verify_sidecar(audio)
    return check.signature_valid, check.problems


@pytest.mark.parametrize("depth", [100, 200_000])
def test_a_deeply_nested_sidecar_is_refused_in_bounded_time_and_memory(tmp_path: Path, depth: int) -> None:
    outcome = run_bounded(_verify_nested, str(tmp_path), depth, seconds=10, megabytes=300)
    assert not outcome.killed and not outcome.error, outcome.error
    valid, problems = outcome.value
    assert not valid and "nested more than 32 levels" in problems[0]
    assert outcome.seconds < 3


def test_a_huge_sidecar_is_not_read(tmp_path: Path) -> None:
    audio = tmp_path / "big.wav"
    audio.write_bytes(b"RIFF")
    with provenance.sidecar_path(audio).open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MB of NULs on no disk
    outcome = run_bounded(provenance.verify_sidecar, audio, seconds=10, megabytes=200)
    assert not outcome.killed and not outcome.error, outcome.error
    assert "larger than 4 MB" in outcome.value.problems[0]
