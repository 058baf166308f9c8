"""``daycast sources``: follow feeds, calendars, pages, CalDAV and mail; fetch them; OPML in and out."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from app.commands._render import run_with_progress
from app.core import settings as settings_mod
from app.core.sources.cache import SourceCache
from app.core.sources.fetch import is_url
from app.core.sources.opml import write_opml
from app.core.sources.refresh import Refreshed, refresh_events
from app.core.sources.subscriptions import Subscription, SubscriptionStore, is_imap_url, password_account
from app.jobs.sources import Login, check_login, follow, follow_unchecked, import_opml, source_rows
from engines.cancel import CancelToken
from engines.errors import UsageError
from engines.fsutil import atomic_write_text
from engines.secrets import delete_secret


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sources", help="follow feeds, calendars, web pages, CalDAV and mail")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="follow a feed/page/calendar URL, a CalDAV calendar, an IMAP mailbox "
                             "(imaps://host/INBOX) or a mail folder")
    add.add_argument("location", metavar="URL_OR_PATH")
    add.add_argument("--name", default="", help="what to call it (default: from the address)")
    add.add_argument("--caldav", action="store_true", help="the URL is a CalDAV calendar collection")
    add.add_argument("--user", default="", help="CalDAV or IMAP login; the password is asked for and kept in the "
                     "OS keyring")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", help="every subscription with its kind, last fetch, status, items")
    listing.set_defaults(handler=run_list)
    remove = actions.add_parser("remove", help="stop following a source (its cache and password go too)")
    remove.add_argument("which", metavar="ID_NAME_OR_URL")
    remove.set_defaults(handler=run_remove)
    fetch = actions.add_parser("fetch", help="fetch every network subscription now (Ctrl-C cancels)")
    fetch.add_argument("which", nargs="*", metavar="ID_NAME_OR_URL", help="only these (default: all)")
    fetch.set_defaults(handler=run_fetch)
    opml_in = actions.add_parser("import", help="follow every feed of an OPML file (from another feed reader)")
    opml_in.add_argument("file", type=Path, metavar="FILE.opml")
    opml_in.set_defaults(handler=run_import)
    opml_out = actions.add_parser("export", help="write the subscriptions as OPML 2.0 (standard output or --out)")
    opml_out.add_argument("--out", type=Path, help="OPML file to write")
    opml_out.set_defaults(handler=run_export)


def _network_on() -> bool:
    return settings_mod.load_and_report(Console(stderr=True).print).settings.fetch_sources


def run_add(args: argparse.Namespace) -> int:
    console = Console()
    location = args.location.strip()
    remote = is_url(location) or is_imap_url(location)
    if not remote and (args.caldav or args.user):
        raise UsageError("--caldav and --user need an http(s), imap or imaps address")
    if args.caldav and is_imap_url(location):
        raise UsageError("--caldav is for http(s) calendar addresses, not imap")
    check_login(location, args.caldav, args.user)  # before the password is asked for
    login = Login(args.user, _password(args)) if args.user else None
    if remote and not _network_on():
        sub = follow_unchecked(location, name=args.name, caldav=args.caldav, login=login)
        console.print(f"Added {sub.label} [dim]({sub.key})[/]: not checked, because fetching is switched off "
                      "(settings: fetch_sources)")
        return 0
    with console.status(f"Looking at {location}…"):
        added = follow(location, name=args.name, caldav=args.caldav, login=login)
    sub = added.subscription
    via = f" [dim](found via {sub.found_via})[/]" if sub.found_via else ""
    console.print(f"Added {sub.label} [dim]({sub.key})[/]: {added.found}{via}", highlight=False)
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError("A password is needed for --user", hint="pass --password-stdin and pipe it in")
    return getpass.getpass(f"Password for {args.user} (kept in the OS keyring): ")


def run_list(args: argparse.Namespace) -> int:
    console = Console()
    subs = SubscriptionStore().load()
    if not subs:
        console.print("No subscriptions yet. Add one with: daycast sources add URL_OR_PATH")
        return 0
    console.print(subscription_table())
    if not _network_on():
        console.print("[yellow]![/] Fetching is switched off: briefings use the cached copies.")
    return 0


def subscription_table(subs: list[Subscription] | None = None) -> Table:
    """The sources list (as on the Sources page); ``subs`` limits it to those."""
    table = Table("id", "name", "kind", "last fetch", "status", "items", "address")
    wanted = {s.key for s in subs} if subs is not None else None
    for row in source_rows():
        if wanted is None or row.key in wanted:
            status = f"[red]{row.status}[/]" if row.failed else row.status
            table.add_row(row.key, row.name, row.kind, row.last_fetch, status, row.items, row.location)
    return table


def run_remove(args: argparse.Namespace) -> int:
    removed = SubscriptionStore().remove(args.which)
    SourceCache().remove(removed.key)
    delete_secret(password_account(removed.key))
    Console().print(f"Removed {removed.label} [dim]({removed.location})[/]", highlight=False)
    return 0


def run_fetch(args: argparse.Namespace) -> int:
    console = Console()
    if not _network_on():
        raise UsageError("Fetching is switched off", hint="turn on 'fetch_sources' in the settings (the Sources page)",
                         code="sources.network_off")
    store = SubscriptionStore()
    subs = [store.find(w) for w in args.which] if args.which else store.load()
    network = [s for s in subs if s.is_network]
    if not network:
        console.print("Nothing to fetch: no feed, page or calendar subscriptions.")
        return 0
    cache = SourceCache()
    results: list[Refreshed] = []
    cancel = CancelToken()
    run_with_progress(refresh_events(network, cache, cancel=cancel, results=results), cancel, console)
    console.print(subscription_table(network))
    failed = sum(1 for r in results if r.error is not None)
    return 1 if failed == len(network) else 0


def run_import(args: argparse.Namespace) -> int:
    console = Console()
    console.print(import_opml(args.file), highlight=False)
    console.print("Run `daycast sources fetch` to fetch them now.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    text = write_opml(SubscriptionStore().load())
    if args.out:
        atomic_write_text(args.out.expanduser(), text)
        Console(stderr=True).print(f"Wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0
