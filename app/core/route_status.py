"""Which routes each engine kind has, whether settings allow them, and which served last (from the ledger).

Shown by ``daycast devices`` and the app's Models & backend page. Qt-free.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from app.core.events import QT_TRANSLATE_NOOP
from app.core.settings import Settings
from engines.ledger import Ledger
from engines.routes import allowed, effective_kind, url_host

ENGINES = (("llm", "Language model"), ("asr", "Speech recognition"), ("tts", "Speech synthesis"))


@dataclass(frozen=True)
class RouteRow:
    engine: str
    name: str
    kind: str
    where: str
    model: str
    usable: bool
    note: str
    last_served: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _local_model(settings: Settings, engine: str) -> str:
    return {"llm": settings.llm_model, "asr": settings.asr_model, "tts": settings.voices.briefing_voice}[engine]


def _served(last: dict[tuple[str, str], tuple[str, float, int]], engine: str, name: str) -> str:
    found = last.get((engine, name))
    if found is None:
        return QT_TRANSLATE_NOOP("Notice", "not used yet")
    model, ts, count = found
    when = datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")
    return f"{count} requests, last {when} ({model})"


def route_rows(settings: Settings, ledger: Ledger | None = None) -> list[RouteRow]:
    """One row per route per engine kind: the local engine first, then ``settings.routes``."""
    last = (ledger or Ledger()).last_served()
    rows: list[RouteRow] = []
    for engine, _title in ENGINES:
        here = QT_TRANSLATE_NOOP("Notice", "this computer")
        rows.append(RouteRow(engine, "local", "local", here, _local_model(settings, engine), True, "",
                             _served(last, engine, "local")))
        for remote in settings.routes:
            if remote.engine != engine:
                continue
            kind = effective_kind(remote.kind, remote.base_url, settings.trusted_hosts)
            usable = remote.enabled and allowed(kind, settings.policy, settings.privacy_mode)
            note = ""
            if kind != remote.kind:
                note = QT_TRANSLATE_NOOP("Notice", "host is not private or trusted: treated as cloud")
            if not remote.enabled:
                note = QT_TRANSLATE_NOOP("Notice", "turned off")
            elif not usable:
                note = (QT_TRANSLATE_NOOP("Notice", "privacy mode is on") if settings.privacy_mode
                        else f"policy {settings.policy} allows no cloud")
            rows.append(RouteRow(engine, remote.name, kind, url_host(remote.base_url), remote.model, usable, note,
                                 _served(last, engine, remote.name)))
    return rows
