"""CalDAV against a real Radicale server on 127.0.0.1, with and without a login."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.core.sources.caldav_source import fetch_caldav
from app.core.sources.calendar import read_calendar_data
from app.core.sources.subscriptions import password_account
from engines.errors import SourceError
from engines.secrets import set_secret
from tests.core.sources.radicale_server import event_ics, radicale
from tests.engines.llm_servers import MemoryKeyring


def _start(days: int = 0) -> str:
    return (datetime.now().astimezone() + timedelta(days=days)).strftime("%Y%m%dT100000")


def test_caldav_calendar_with_login_reads_events_with_the_keyring_password(
    tmp_path: Path, fake_keyring: MemoryKeyring,
) -> None:
    with radicale(tmp_path, password="s3cret-pass") as server:
        calendar = server.make_calendar("Team", "team")
        calendar.save_event(event_ics("t1", _start(), "Budget review with Oskar", "Room Nine"))
        calendar.save_event(event_ics("t2", _start(40), "Far away offsite"))  # outside the window
        url = str(calendar.url)
        with pytest.raises(SourceError) as missing:
            fetch_caldav(url, key="team", username="alice")
        assert missing.value.code == "source.auth" and "keyring" in missing.value.problem
        set_secret(password_account("team"), "wrong")
        with pytest.raises(SourceError) as refused:
            fetch_caldav(url, key="team", username="alice")
        assert refused.value.code == "source.auth"
        set_secret(password_account("team"), "s3cret-pass")
        body, name, count = fetch_caldav(url, key="team", username="alice")
    assert (name, count) == ("Team", 1)
    events = read_calendar_data(body, Path("Team"), datetime.now().date(), datetime.now().astimezone().tzinfo)
    assert [e.title for e in events.events] == ["Budget review with Oskar"]
    assert "s3cret-pass" not in body.decode()


def test_caldav_server_gone_is_named(tmp_path: Path) -> None:
    with radicale(tmp_path) as server:
        url = str(server.make_calendar("Home", "home").url)
    with pytest.raises(SourceError) as info:
        fetch_caldav(url, key="home")
    assert info.value.code in ("source.connect", "source.timeout")


def test_a_stopped_caldav_fetch_is_a_stop_not_a_server_error(tmp_path: Path) -> None:
    from engines.cancel import CancelToken
    from engines.errors import Cancelled

    stopped = CancelToken()
    stopped.cancel("test")
    with radicale(tmp_path) as server:
        url = str(server.make_calendar("Home", "home").url)
        with pytest.raises(Cancelled):
            fetch_caldav(url, key="home", cancel=stopped)
