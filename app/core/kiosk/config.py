"""Kiosk configuration: the kiosk's own options file, its locked-down copy of the settings, and the PIN.

The options live in ``config_dir()/kiosk.json`` (idle time, attract cards, audio devices). The admin
PIN is stored, hashed, in the user settings' ``kiosk_pin``. The kiosk never saves the user settings
it runs with: :func:`kiosk_settings` forces privacy mode (no cloud route can exist), the
``local_only`` policy and the bundled demo sources.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from app.core import settings as settings_mod
from app.core.kiosk.pin import hash_pin, is_hashed
from app.core.settings import Settings
from engines.errors import SettingsError, UsageError
from engines.fsutil import atomic_write_text, file_lock
from engines.paths import assets_dir, config_dir, data_dir

ENV_FLAG = "DAYCAST_KIOSK"


@dataclass(frozen=True)
class KioskConfig:
    """What an operator tunes for one kiosk (all times in seconds)."""

    idle_seconds: float = 90.0
    """No touch, click or key for this long: the session is cleared and the attract loop starts."""
    card_seconds: float = 7.0
    """How long each "try saying…" card of the attract loop stays up."""
    attract_clip_every: float = 300.0
    """The attract loop plays its short sample clip when it starts and then at most this often (0: never)."""
    briefing_minutes: float = 2.0
    prepare_on_start: bool = True
    """Make today's briefing, the sample episode and the attract clip in the background at start."""
    output_device: str = ""
    input_device: str = ""
    stall_seconds: float = 4.0
    """An audio write or a playing stream stuck this long counts as a hung device and is reopened."""

    def __post_init__(self) -> None:
        for name in ("idle_seconds", "card_seconds", "stall_seconds"):
            if getattr(self, name) <= 0:
                raise SettingsError(f"Kiosk option {name} must be above 0, not {getattr(self, name)}")


def config_path() -> Path:
    return config_dir() / "kiosk.json"


def kiosk_data_dir() -> Path:
    """Where the kiosk keeps what it made (today's briefing, the sample episode, the attract clip)."""
    return data_dir() / "kiosk"


def demo_sources() -> Path:
    return assets_dir() / "demo" / "sources"


def sample_script() -> Path:
    return assets_dir() / "demo" / "podcast-sample.json"


def _from_dict(raw: Any) -> KioskConfig:
    if not isinstance(raw, dict):
        raise SettingsError("The kiosk options must be a JSON object")
    defaults = KioskConfig()
    values: dict[str, Any] = {}
    for f in fields(KioskConfig):
        if f.name not in raw:
            continue
        value, default = raw[f.name], getattr(defaults, f.name)
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, float):
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            value = float(value) if ok else value
        else:
            ok = isinstance(value, str)
        if not ok:
            raise SettingsError(f"Kiosk option {f.name} must be {type(default).__name__}, not {value!r}")
        values[f.name] = value
    return KioskConfig(**values)


def load_config(path: Path | None = None) -> tuple[KioskConfig, str]:
    """The options and a message; a corrupt file is kept as ``kiosk.json.corrupt-*`` and defaults used."""
    target = path or config_path()
    if not target.exists():
        return KioskConfig(), ""
    try:
        return _from_dict(json.loads(target.read_text(encoding="utf-8"))), ""
    except (ValueError, SettingsError, UnicodeDecodeError) as exc:
        backup = target.with_name(f"{target.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        target.replace(backup)
        reason = exc.message if isinstance(exc, SettingsError) else f"not valid JSON ({exc})"
        return KioskConfig(), f"Kiosk options were unreadable: {reason}. Defaults are in use; old file: {backup}"


def save_config(config: KioskConfig, path: Path | None = None) -> Path:
    target = path or config_path()
    atomic_write_text(target, json.dumps(asdict(config), indent=2, sort_keys=True) + "\n")
    return target


def kiosk_settings(settings: Settings, config: KioskConfig | None = None) -> Settings:
    """The settings the kiosk runs with: privacy mode on, local models only (no remote routes, not even
    self-hosted ones: a kiosk never needs a network), the bundled demo content."""
    options = config or KioskConfig()
    cloud = {**settings_mod.to_dict(settings)["cloud"], "enabled": False}
    return settings_mod.update(
        settings, privacy_mode=True, policy="local_only", cloud=cloud, routes=[], sources=[str(demo_sources())],
        fetch_sources=False,  # the kiosk never fetches: it speaks only the bundled demo content
        output_dir=str(kiosk_data_dir()), briefing_minutes=options.briefing_minutes,
        output_device=options.output_device, input_device=options.input_device,
    )


# -- the admin PIN -------------------------------------------------------------------------------


def stored_pin(settings_path: Path | None = None) -> str:
    """The PIN hash from the settings. A PIN found there in plain text is hashed and saved at once."""
    loaded = settings_mod.load(settings_path)
    value = loaded.settings.kiosk_pin.strip()
    if value and not is_hashed(value):
        value = set_pin(value, settings_path)
    return value


def set_pin(pin: str, settings_path: Path | None = None) -> str:
    """Hash ``pin`` into the settings file (nothing else in it changes); returns the stored hash."""
    hashed = hash_pin(pin)
    target = settings_path or settings_mod.settings_path()
    with file_lock(target):  # the app may save its settings at the same moment: neither change may be lost
        loaded = settings_mod.load(target)
        settings_mod.save(settings_mod.update(loaded.settings, kiosk_pin=hashed), target)
    return hashed


def require_pin(settings_path: Path | None = None) -> str:
    hashed = stored_pin(settings_path)
    if not hashed:
        raise UsageError("No kiosk admin PIN is set, so the kiosk could never be left",
                         hint="set one first: daycast kiosk --set-pin", code="kiosk.no_pin")
    return hashed
