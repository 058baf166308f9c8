"""User settings: typed, validated on load, saved atomically; a corrupt file is backed up, never lost.

Secrets (the cloud API key) are not settings: they live in the OS keyring (``engines.secrets``).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

from app.core.trust.disclosure import DisclosureMode as Disclosure
from engines.device import Requested as Device
from engines.errors import SettingsError
from engines.fsutil import atomic_write_text
from engines.ledger import Engine as EngineKind
from engines.llm_openai import check_base_url
from engines.paths import config_dir, data_dir
from engines.routes import PolicyName as Policy
from engines.tts import DEFAULT_SPEC

RemoteKind = Literal["self-hosted", "cloud"]
"""The kinds of route a user configures (the local models need no entry)."""
HandsFree = Literal["push_to_talk", "hands_free"]
EchoGuard = Literal["half_duplex", "off"]
Theme = Literal["system", "light", "dark"]
Language = Literal["auto", "en", "ja"]
UiLanguage = Literal["system", "en", "ja"]


@dataclass(frozen=True)
class VoiceSettings:
    """Which TTS voices speak, and how fast."""

    briefing_voice: str = DEFAULT_SPEC
    host_a_voice: str = DEFAULT_SPEC
    host_b_voice: str = "kokoro:jf_gongitsune"  # the pair measured most intelligible (podcast.writer.DEFAULT_HOSTS)
    host_a_name: str = "Alex"
    host_b_name: str = "Sam"
    speed: float = 1.0
    host_a_speed: float = 1.0
    host_b_speed: float = 1.0


@dataclass(frozen=True)
class CloudSettings:
    """An optional OpenAI-compatible endpoint. Off unless ``enabled``; never used in privacy mode."""

    enabled: bool = False
    base_url: str = ""
    model: str = ""
    context_window: int = 32768
    timeout_s: float = 30.0


@dataclass(frozen=True)
class RemoteRoute:
    """One OpenAI-compatible server an engine kind may use (vLLM, llama-server, Speaches, another Daycast).

    ``kind`` self-hosted is honoured only for a loopback/private address or a host in
    ``Settings.trusted_hosts``; otherwise the route counts as cloud (never used in privacy mode).
    The API key, if the server needs one, is in the keyring under the route's ``name``.
    """

    name: str = ""
    engine: EngineKind = "llm"
    kind: RemoteKind = "self-hosted"
    base_url: str = ""
    model: str = ""
    voice: str = ""
    """TTS routes: the voice the server knows (e.g. ``piper:en_US-joe-medium`` on a Daycast server)."""
    enabled: bool = True
    context_window: int = 8192
    timeout_s: float = 60.0


@dataclass(frozen=True)
class Settings:
    sources: tuple[str, ...] = ()
    output_dir: str = ""
    device: Device = "auto"
    llm_model: str = "qwen2.5-1.5b-moe2x-split-q4km"
    expert_offload: bool = False
    """An MoE model on the GPU keeps its expert tensors in RAM: a large MoE then needs VRAM only for its shared
    weights and KV cache (slower per token; ``daycast models list --json`` gives the VRAM it needs so)."""
    asr_model: str = "whisper-tiny.en-ct2"
    """The assistant's recogniser. tiny.en over base (multilingual): on the project's spoken questions it
    decodes in 0.37 s against 0.86 s on 2 cores, with WER 0.05 against 0.11 (base once heard a question as
    "I'll see you guys later."). Whisper pads every clip to 30 s, so a short question costs the whole encoder."""
    policy: Policy = "local_only"
    privacy_mode: bool = True
    fetch_sources: bool = True
    """The network switch: fetch the user's own subscribed sources (feeds, calendars, pages, CalDAV).
    Allowed in privacy mode (it sends nothing of the user's to anyone); off, briefings use the cached copies."""
    voices: VoiceSettings = field(default_factory=VoiceSettings)
    cloud: CloudSettings = field(default_factory=CloudSettings)
    routes: tuple[RemoteRoute, ...] = ()
    """Remote routes for the LLM, ASR and TTS, tried as ``policy`` orders them by kind."""
    trusted_hosts: tuple[str, ...] = ()
    """Host names of the user's own machines (``gpu-box.example.org``, or ``.example.org`` for a domain)."""
    input_device: str = ""
    output_device: str = ""
    talk_mode: HandsFree = "push_to_talk"
    echo_guard: EchoGuard = "half_duplex"
    briefing_minutes: float = 3.0
    schedule: str = ""
    theme: Theme = "system"
    disclosure: Disclosure = "full"
    kiosk_pin: str = ""
    language: Language = "auto"
    """What briefings, podcasts and the assistant speak: "auto" follows the sources where they are clearly
    in one language (else English)."""
    ui_language: UiLanguage = "system"
    """The window's language: the system locale's when a translation ships for it, else English."""
    feed_url: str = ""
    """Where the podcast feed's folder is published ("https://example.org/podcast/"): the feed's links to
    episodes, transcripts and chapters become web addresses a podcast app can fetch. Empty: links relative
    to feed.xml, which only a local player can follow."""

    def resolved_output_dir(self) -> Path:
        return Path(self.output_dir).expanduser() if self.output_dir else data_dir() / "output"


def check_feed_url(url: str) -> str:
    """``url`` as the feed's base address (ending in "/"), or ValueError saying what is wrong with it."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not a web address; give the folder's public URL, e.g. https://example.org/podcast/")
    if parts.query or parts.fragment:
        raise ValueError(f"{url!r} has a query or fragment; give the folder's plain URL")
    return url.strip().rstrip("/") + "/"


def settings_path() -> Path:
    return config_dir() / "settings.json"


def _check_literal(name: str, value: Any, annotation: Any) -> None:
    choices = get_args(annotation)
    if choices and value not in choices:
        raise SettingsError(f"Setting {name!r} is {value!r}; expected one of {', '.join(map(str, choices))}")


_LITERALS = {"device": Device, "policy": Policy, "talk_mode": HandsFree, "echo_guard": EchoGuard, "theme": Theme,
             "disclosure": Disclosure, "language": Language, "ui_language": UiLanguage}


def _build(cls: type, raw: dict[str, Any], prefix: str = "") -> Any:
    if not isinstance(raw, dict):
        raise SettingsError(f"Setting {prefix or 'root'} must be an object")
    kwargs: dict[str, Any] = {}
    known = {f.name: f for f in fields(cls)}
    for key, value in raw.items():
        if key not in known:
            continue  # settings from a newer version: ignore rather than fail
        default = getattr(cls(), key)
        if isinstance(default, VoiceSettings | CloudSettings):
            kwargs[key] = _build(type(default), value, f"{prefix}{key}.")
        elif key == "routes":
            kwargs[key] = _routes(value, f"{prefix}{key}")
        elif isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise SettingsError(f"Setting {prefix}{key} must be a list of strings")
            kwargs[key] = tuple(value)
        elif isinstance(default, bool) or isinstance(value, bool):
            if not isinstance(value, bool) or not isinstance(default, bool):
                raise SettingsError(f"Setting {prefix}{key} must be {type(default).__name__}")
            kwargs[key] = value
        elif isinstance(default, int | float):
            if not isinstance(value, int | float) or not math.isfinite(value):
                raise SettingsError(f"Setting {prefix}{key} must be a finite number")
            kwargs[key] = type(default)(value)
        elif isinstance(default, str):
            if not isinstance(value, str):
                raise SettingsError(f"Setting {prefix}{key} must be text")
            kwargs[key] = value
    for name, annotation in _LITERALS.items():
        if name in kwargs:
            _check_literal(prefix + name, kwargs[name], annotation)
    if cls in (RemoteRoute, CloudSettings):
        _check_endpoint(kwargs, prefix)
    if kwargs.get("feed_url"):
        try:
            check_feed_url(kwargs["feed_url"])
        except ValueError as exc:
            raise SettingsError(f"Setting {prefix}feed_url: {exc}") from exc
    return cls(**kwargs)


_ROUTE_LITERALS = {"engine": EngineKind, "kind": RemoteKind}
TIMEOUT_RANGE = (1.0, 600.0)
"""Seconds an endpoint may stay silent: under 1 s nothing answers, over 600 s Stop and fallback feel dead."""
CONTEXT_RANGE = (512, 10_000_000)
"""Tokens of an endpoint's context window: under 512 no prompt fits, over 10M is a typo."""


def _check_endpoint(kwargs: dict[str, Any], prefix: str) -> None:
    """A route's or the cloud's address and limits: caught here, they cannot crash a command later."""
    if kwargs.get("base_url"):
        try:
            check_base_url(kwargs["base_url"])
        except ValueError as exc:
            raise SettingsError(f"Setting {prefix}base_url: {exc}") from None
    low, high = TIMEOUT_RANGE
    if "timeout_s" in kwargs and not low <= kwargs["timeout_s"] <= high:
        raise SettingsError(f"Setting {prefix}timeout_s is {kwargs['timeout_s']:g}; expected {low:g} to {high:g} "
                            "seconds")
    small, large = CONTEXT_RANGE
    if "context_window" in kwargs and not small <= kwargs["context_window"] <= large:
        raise SettingsError(f"Setting {prefix}context_window is {kwargs['context_window']:g}; expected {small} to "
                            f"{large} tokens")


def _routes(value: Any, where: str) -> tuple[RemoteRoute, ...]:
    if not isinstance(value, list):
        raise SettingsError(f"Setting {where} must be a list of routes")
    routes: list[RemoteRoute] = []
    for index, raw in enumerate(value):
        route = _build(RemoteRoute, raw, f"{where}[{index}].")
        for name, annotation in _ROUTE_LITERALS.items():
            _check_literal(f"{where}[{index}].{name}", getattr(route, name), annotation)
        if not route.name or not route.base_url or not route.model:
            raise SettingsError(f"Setting {where}[{index}] needs a name, a base_url and a model")
        routes.append(route)
    names = [(r.engine, r.name) for r in routes]
    if len(set(names)) != len(names):
        raise SettingsError(f"Setting {where}: two routes of one engine share a name")
    return tuple(routes)


def from_dict(raw: dict[str, Any]) -> Settings:
    return _build(Settings, raw)


def to_dict(settings: Settings) -> dict[str, Any]:
    data = asdict(settings)
    data["sources"] = list(settings.sources)
    data["routes"] = [asdict(r) for r in settings.routes]
    data["trusted_hosts"] = list(settings.trusted_hosts)
    return data


@dataclass(frozen=True)
class LoadResult:
    settings: Settings
    message: str = ""
    backup: Path | None = None


def load(path: Path | None = None) -> LoadResult:
    """Read settings; on a corrupt or invalid file, keep a backup, use defaults and say so."""
    target = path or settings_path()
    if not target.exists():
        return LoadResult(Settings())
    try:
        return LoadResult(from_dict(json.loads(target.read_text(encoding="utf-8"))))
    except (ValueError, SettingsError, UnicodeDecodeError, RecursionError, OverflowError) as exc:
        backup = target.with_name(f"{target.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        target.replace(backup)
        reason = _reason(exc)
        return LoadResult(
            Settings(), message=f"Settings file was unreadable: {reason}. Defaults are in use; "
            f"the old file is kept as {backup}", backup=backup,
        )


def load_and_report(warn: Callable[[str], object], path: Path | None = None) -> LoadResult:
    """:func:`load`, telling the user (``warn``, e.g. a rich ``console.print``) when their file was set
    aside: a command that stayed quiet would leave them wondering where their routes went."""
    loaded = load(path)
    if loaded.message:
        warn(f"[yellow]![/] {loaded.message}")
    return loaded


def _reason(exc: Exception) -> str:
    if isinstance(exc, SettingsError):
        return exc.message
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    if isinstance(exc, OverflowError):
        return f"a number in it is too large ({exc})"
    return f"not valid JSON ({exc})"


def save(settings: Settings, path: Path | None = None) -> Path:
    target = path or settings_path()
    # 0600: the file holds the kiosk PIN's hash and endpoint settings; other local users have no business there.
    atomic_write_text(target, json.dumps(to_dict(settings), indent=2, sort_keys=True) + "\n", file_mode=0o600)
    return target


def update(settings: Settings, **changes: Any) -> Settings:
    """A copy with ``changes`` applied and validated like a loaded file."""
    return from_dict({**to_dict(settings), **changes}) if changes else replace(settings)
