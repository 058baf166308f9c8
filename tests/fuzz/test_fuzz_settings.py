"""The settings writer and reader under arbitrary input: any values round-trip exactly; any file loads
(a broken one becomes defaults + a message + a backup holding the original bytes), never a crash."""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import typing
from dataclasses import fields
from pathlib import Path
from typing import get_args

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core import settings as settings_mod
from app.core.settings import CloudSettings, Settings, VoiceSettings

FUZZ = settings(max_examples=int(os.environ.get("DAYCAST_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
TEXT = st.text(max_size=40)  # any code point, lone surrogates included
NUMBER = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


# A route the loader accepts names its server and model (an empty one is refused as a broken file), at an
# address a client can request, with a timeout and a context window in their ranges.
NAMED = st.text(min_size=1, max_size=40)
ADDRESS = st.from_regex(r"https?://[a-z][a-z0-9-]{0,15}(\.[a-z]{2,6})?(:[1-9][0-9]{0,3})?(/[a-z0-9]{0,8}){0,2}",
                        fullmatch=True)
ENDPOINT = {"timeout_s": st.floats(min_value=1.0, max_value=600.0), "context_window": st.integers(512, 10_000_000)}
REQUIRED = {"RemoteRoute": {"name": NAMED, "model": NAMED, "base_url": ADDRESS, **ENDPOINT},
            "CloudSettings": {"base_url": st.just("") | ADDRESS, **ENDPOINT},
            # the feed's address, when set, is a web address (anything else is refused as a broken file)
            "Settings": {"feed_url": st.just("") | st.from_regex(r"https?://[a-z0-9.-]{1,20}(/[\w%.-]{0,12})*/?",
                                                                  fullmatch=True)}}


def _strategy_for(cls: type) -> st.SearchStrategy:
    """Every field of a settings dataclass drawn from values of its type (choices from its Literal)."""
    default = cls()
    drawn: dict[str, st.SearchStrategy] = {}
    for f in fields(cls):
        value = getattr(default, f.name)
        literal = _literal_choices(cls, f.name)
        if f.name in REQUIRED.get(cls.__name__, ()):
            drawn[f.name] = REQUIRED[cls.__name__][f.name]
        elif literal:
            drawn[f.name] = st.sampled_from(literal)
        elif isinstance(value, VoiceSettings | CloudSettings):
            drawn[f.name] = _strategy_for(type(value))
        elif isinstance(value, bool):
            drawn[f.name] = st.booleans()
        elif isinstance(value, int):
            drawn[f.name] = st.integers(-(2**53), 2**53)
        elif isinstance(value, float):
            drawn[f.name] = NUMBER
        elif isinstance(value, tuple):
            item = _item_type(cls, f.name)  # tuple[RemoteRoute, ...] holds dataclasses, the rest strings
            if dataclasses.is_dataclass(item):  # routes: one name per engine
                drawn[f.name] = st.lists(_strategy_for(item), max_size=4,
                                         unique_by=lambda r: (r.engine, r.name)).map(tuple)
            else:
                drawn[f.name] = st.lists(TEXT, max_size=4).map(tuple)
        else:
            drawn[f.name] = TEXT
    return st.builds(cls, **drawn)


def _item_type(cls: type, name: str) -> typing.Any:
    return get_args(typing.get_type_hints(cls, vars(settings_mod))[name])[0]


def _literal_choices(cls: type, name: str) -> tuple[str, ...]:
    hints = typing.get_type_hints(cls, vars(settings_mod))
    args = get_args(hints[name])
    return tuple(a for a in args if isinstance(a, str)) if args and all(isinstance(a, str) for a in args) else ()


SETTINGS = _strategy_for(Settings)


def _folder(tmp_path: Path) -> Path:
    return Path(tempfile.mkdtemp(dir=tmp_path))


@FUZZ
@given(chosen=SETTINGS)
def test_any_settings_round_trip_exactly(tmp_path: Path, chosen: Settings) -> None:
    path = settings_mod.save(chosen, _folder(tmp_path) / "settings.json")
    loaded = settings_mod.load(path)
    assert loaded.message == "" and loaded.backup is None
    assert loaded.settings == chosen
    assert list(path.parent.iterdir()) == [path]  # no temp file left beside it


# Files a user, a crash or another program could leave: JSON of any shape, and bytes that are not JSON.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
FIELD_NAMES = st.sampled_from([f.name for f in fields(Settings)] + ["voices", "cloud"])
NEAR_VALID = st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=5) | st.fixed_dictionaries(
    {"cloud": st.dictionaries(st.sampled_from([f.name for f in fields(CloudSettings)]), JSON_VALUES, max_size=3)})
FILE_BYTES = st.one_of(
    st.binary(max_size=200),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    NEAR_VALID.map(lambda v: json.dumps(v).encode()),  # allow_nan: NaN and Infinity appear too
    st.integers(1, 50_000).map(lambda depth: b"[" * depth + b"]" * depth),
)


@FUZZ
@given(raw=FILE_BYTES)
@example(raw=b'{"cloud": {"context_window": 1e999}}')  # int(inf): OverflowError escaped load() before
@example(raw=b'{"briefing_minutes": ' + b"9" * 400 + b"}")  # an int too large for a float
@example(raw=b'{"briefing_minutes": NaN, "disclosure": "none"}')  # accepted before, then failed mid-briefing
@example(raw=b"[" * 100_000 + b"]" * 100_000)  # RecursionError escaped load() before
def test_any_file_loads_as_settings_or_as_defaults_with_a_backup(tmp_path: Path, raw: bytes) -> None:
    path = _folder(tmp_path) / "settings.json"
    path.write_bytes(raw)
    loaded = settings_mod.load(path)  # never raises
    if loaded.message:
        assert loaded.settings == Settings()
        assert loaded.backup is not None and loaded.backup.read_bytes() == raw  # the user's file is kept
        assert str(loaded.backup) in loaded.message and "Defaults are in use" in loaded.message
        assert not path.exists()
    else:
        assert loaded.backup is None and path.read_bytes() == raw
        _check_usable(loaded.settings)


def _check_usable(value: Settings) -> None:
    """What was accepted is usable: numbers are finite, choices are among the allowed ones, and it saves."""
    for holder in (value, value.voices, value.cloud):
        for f in fields(holder):
            item = getattr(holder, f.name)
            if isinstance(item, float):
                assert item == item and abs(item) != float("inf"), f.name
            choices = _literal_choices(type(holder), f.name)
            if choices:
                assert item in choices, (f.name, item)
    json.dumps(settings_mod.to_dict(value), allow_nan=False)
