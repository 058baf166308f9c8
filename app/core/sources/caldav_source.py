"""CalDAV calendars (Nextcloud, Radicale, Fastmail...) through the ``caldav`` library.

The events of a window around today are fetched and stored as one iCalendar body, so the cache,
the offline briefing and the calendar reader treat a CalDAV calendar like any ``.ics`` URL.
The password (when the server wants one) comes from the OS keyring, never from settings.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import caldav
import caldav.lib.error as dav_errors
import icalendar

from app.core.sources._text import reason
from app.core.sources.fetch import DEFAULT_POLICY, FetchPolicy, check_url
from app.core.sources.subscriptions import password_account
from engines.cancel import NEVER, CancelToken
from engines.errors import Cancelled, SourceError
from engines.secrets import get_secret

_DAV_CLIENT: Any = caldav.DAVClient  # typed loosely by the library (a sync/async factory)
WINDOW_BEFORE = timedelta(days=2)
WINDOW_AFTER = timedelta(days=14)


def fetch_caldav(
    url: str, *, key: str, username: str = "", now: datetime | None = None,
    policy: FetchPolicy = DEFAULT_POLICY, cancel: CancelToken = NEVER,
) -> tuple[bytes, str, int]:
    """(iCalendar body, calendar name, event count) for the window around ``now``; SourceError on failure."""
    address = check_url(url)
    moment = (now or datetime.now()).astimezone()
    password = get_secret(password_account(key)) if username else None
    if username and password is None:
        raise SourceError(url, f"no password for {username} in the keyring", code="source.auth",
                          hint="add it again with `daycast sources add URL --caldav --user NAME`")
    try:
        with _DAV_CLIENT(url=address, username=username or None, password=password,
                         timeout=int(policy.read_s), enable_rfc6764=False, require_tls=False) as client:
            calendar = client.calendar(url=address)
            name = _display_name(calendar)
            cancel.check()
            found = calendar.search(start=moment - WINDOW_BEFORE, end=moment + WINDOW_AFTER, event=True,
                                    expand=False)
            cancel.check()
            body, count = _merge([item.data for item in found], name, url, policy)
            return body, name, count
    except (SourceError, Cancelled):  # a stop is not a broken server: no error status is kept for it
        raise
    except dav_errors.AuthorizationError as exc:
        raise SourceError(url, "the CalDAV server refused the login (wrong user name or password)",
                          code="source.auth") from exc
    except dav_errors.NotFoundError as exc:
        raise SourceError(url, "no calendar at this address (404)", code="source.http_status") from exc
    except dav_errors.DAVError as exc:
        raise SourceError(url, f"CalDAV error: {reason(exc)}", code="source.caldav") from exc
    except Exception as exc:  # niquests raises its own connection and timeout errors
        name = type(exc).__name__
        code = "source.timeout" if "Timeout" in name else "source.connect"
        raise SourceError(url, f"cannot reach the CalDAV server ({name}: {reason(exc)})", code=code) from exc


def _display_name(calendar: Any) -> str:
    try:
        return str(calendar.get_display_name() or "")
    except Exception:  # a server without the property still has events
        return ""


def _merge(items: list[str], name: str, url: str, policy: FetchPolicy) -> tuple[bytes, int]:
    merged = icalendar.Calendar()
    merged.add("prodid", "-//Daycast//CalDAV cache//EN")
    merged.add("version", "2.0")
    if name:
        merged.add("x-wr-calname", name)
    zones: set[str] = set()
    count = 0
    for data in items:
        try:
            parsed = icalendar.Calendar.from_ical(data)
        except ValueError:
            continue
        for component in parsed.subcomponents:
            if component.name == "VTIMEZONE":
                tzid = str(component.get("TZID", ""))
                if tzid in zones:
                    continue
                zones.add(tzid)
            elif component.name == "VEVENT":
                count += 1
            else:
                continue
            merged.add_component(component)
    body = merged.to_ical()
    if len(body) > policy.max_decoded_bytes:
        raise SourceError(url, "the calendar is too large for the cache", code="source.too_large")
    return body, count
