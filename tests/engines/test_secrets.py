"""API key storage: keyring when there is one, a clear message naming the env var when there is none."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail
from llm_servers import MemoryKeyring

from engines import secrets
from engines.errors import SettingsError


@pytest.fixture
def backend(request):
    previous = keyring.get_keyring()
    chosen = request.param()
    keyring.set_keyring(chosen)
    yield chosen
    keyring.set_keyring(previous)


@pytest.mark.parametrize("backend", [fail.Keyring], indirect=True)
def test_no_keyring_backend_gives_a_clear_message(backend, monkeypatch):
    monkeypatch.delenv("DAYCAST_API_KEY", raising=False)
    assert secrets.keyring_backend() == "none"
    assert secrets.get_api_key() is None
    with pytest.raises(SettingsError) as info:
        secrets.set_api_key("sk-abc")
    assert info.value.code == "secrets.no_keyring"
    assert "DAYCAST_API_KEY" in info.value.hint and "sk-abc" not in str(info.value)
    assert secrets.delete_api_key() is False
    monkeypatch.setenv("DAYCAST_API_KEY", " sk-from-env ")
    assert secrets.get_api_key() == "sk-from-env"


@pytest.mark.parametrize("backend", [MemoryKeyring], indirect=True)
def test_set_get_delete_with_fake_keyring(backend, monkeypatch):
    monkeypatch.delenv("DAYCAST_API_KEY", raising=False)
    secrets.set_api_key("sk-stored", account="cloud")
    assert backend.store == {("daycast", "cloud"): "sk-stored"}
    assert secrets.get_api_key() == "sk-stored"
    monkeypatch.setenv("DAYCAST_API_KEY", "sk-env-wins")
    assert secrets.get_api_key() == "sk-env-wins"
    assert secrets.delete_api_key() is True and secrets.delete_api_key() is False
    with pytest.raises(SettingsError):
        secrets.set_api_key("   ")


def test_settings_file_holds_no_key_field():
    from dataclasses import fields

    from app.core.settings import CloudSettings

    assert not [f.name for f in fields(CloudSettings) if "key" in f.name.lower()]
