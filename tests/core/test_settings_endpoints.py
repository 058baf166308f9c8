"""Endpoint settings (routes and the cloud) are checked when settings load: an address the client cannot
request, or a timeout or context window out of range, is a SettingsError naming the field, never a
traceback (or a silently disabled timeout) later."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core import settings as settings_mod
from engines.errors import SettingsError


def _route(**changes: Any) -> dict[str, Any]:
    return {"name": "box", "engine": "llm", "kind": "self-hosted", "base_url": "http://gpu-box.lan:8080/v1",
            "model": "qwen", **changes}


BAD = {
    "port out of range": ({"routes": [_route(base_url="http://gpu-box:80800/v1")]}, "routes[0].base_url"),
    "octal IPv4": ({"routes": [_route(base_url="http://0177.0.0.1/v1")]}, "routes[0].base_url"),
    "no host": ({"routes": [_route(base_url="http:///v1")]}, "routes[0].base_url"),
    "unclosed IPv6": ({"routes": [_route(base_url="http://[::1/v1")]}, "routes[0].base_url"),
    "space": ({"routes": [_route(base_url="http://gpu box/v1")]}, "routes[0].base_url"),
    "cloud not http": ({"cloud": {"base_url": "ftp://api.example.com/v1"}}, "cloud.base_url"),
    "cloud bad IPv4": ({"cloud": {"base_url": "https://256.1.1.1/v1"}}, "cloud.base_url"),
    "negative timeout": ({"routes": [_route(timeout_s=-1)]}, "routes[0].timeout_s"),
    "huge timeout": ({"cloud": {"timeout_s": 1e300}}, "cloud.timeout_s"),
    "timeout that disables silence detection": ({"cloud": {"timeout_s": 1e9}}, "cloud.timeout_s"),
    "zero context": ({"routes": [_route(context_window=0)]}, "routes[0].context_window"),
    "tiny cloud context": ({"cloud": {"context_window": 100}}, "cloud.context_window"),
}


@pytest.mark.parametrize(("raw", "field"), BAD.values(), ids=BAD.keys())
def test_a_bad_endpoint_setting_is_refused_naming_the_field(raw: dict[str, Any], field: str) -> None:
    with pytest.raises(SettingsError) as caught:
        settings_mod.from_dict(raw)
    assert caught.value.message.startswith(f"Setting {field}")


def test_load_accepts_the_limits_and_names_the_field_of_a_bad_route(tmp_path: Path) -> None:
    routes = [_route(name="a", base_url="http://[::1]:8080/v1", timeout_s=1, context_window=512),
              _route(name="b", base_url="https://llm.example.org", timeout_s=600, context_window=10_000_000)]
    chosen = settings_mod.from_dict({"routes": routes, "cloud": {"base_url": "https://api.openai.com/v1",
                                                                 "timeout_s": 30, "context_window": 128000}})
    path = settings_mod.save(chosen, tmp_path / "settings.json")
    assert settings_mod.load(path) == settings_mod.LoadResult(chosen)  # the limits themselves are fine
    path.write_text('{"routes": [{"name": "box", "base_url": "http://gpu-box:80800/v1", "model": "m"}]}')
    loaded = settings_mod.load(path)
    assert "routes[0].base_url" in loaded.message and "Port out of range" in loaded.message
    assert loaded.backup is not None and not path.exists()


def test_load_and_report_tells_the_user_once(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"cloud": {"timeout_s": -1}}')
    said: list[str] = []
    loaded = settings_mod.load_and_report(said.append, path)
    assert len(said) == 1 and loaded.message in said[0] and "cloud.timeout_s" in said[0]
    assert settings_mod.load_and_report(said.append, path).message == "" and len(said) == 1
