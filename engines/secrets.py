"""API keys: kept in the OS keyring (or an environment variable), never in settings files.

Each route has its own key: the keyring account is the route's name, and the environment variable is
``DAYCAST_API_KEY`` for the cloud endpoint and ``DAYCAST_API_KEY_<NAME>`` for a route named NAME (upper case,
other characters as ``_``). One variable for every route would send the cloud key to the user's own servers.

Nothing here logs, prints or formats the key itself. ``python -m engines.secrets set`` stores it
(read with ``getpass``, so it is not echoed or left in shell history).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import os
import re
import sys
from typing import Any

from engines.errors import SettingsError

log = logging.getLogger(__name__)

SERVICE = "daycast"
ACCOUNT = "cloud"
ENV_VAR = "DAYCAST_API_KEY"

_NO_BACKEND_HINT = (
    "no OS keyring is available here (install and unlock GNOME Keyring/KWallet, or use macOS Keychain / "
    "Windows Credential Locker); or set the key in the {env} environment variable instead"
)


def _keyring() -> Any:  # imported lazily: keyring probes backends (D-Bus) on import
    import keyring
    import keyring.errors

    return keyring, keyring.errors


def keyring_backend() -> str:
    """Name of the keyring backend in use, or "none" when only the fail backend exists."""
    keyring, _ = _keyring()
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    return "none" if name.startswith("keyring.backends.fail") else name


def env_var_for(account: str) -> str:
    """The environment variable that holds ``account``'s key: DAYCAST_API_KEY, or DAYCAST_API_KEY_GPU_BOX."""
    if account == ACCOUNT:
        return ENV_VAR
    return f"{ENV_VAR}_{re.sub(r'[^A-Z0-9]', '_', account.upper())}"


def get_api_key(service: str = SERVICE, account: str = ACCOUNT, env_var: str = "") -> str | None:
    """The key from ``env_var`` (by default the account's own, see :func:`env_var_for`) when set, else from
    the keyring; None when neither has one."""
    env_var = env_var or env_var_for(account)
    value = os.environ.get(env_var, "").strip()
    if value:
        return value
    keyring, errors = _keyring()
    try:
        stored = keyring.get_password(service, account)
    except errors.NoKeyringError:
        log.debug("No OS keyring backend; the API key can only come from %s", env_var)
        return None
    except errors.KeyringError as exc:
        log.warning("Could not read the API key from the keyring (%s)", type(exc).__name__)
        return None
    return stored or None


def set_api_key(key: str, service: str = SERVICE, account: str = ACCOUNT, env_var: str = "") -> None:
    """Store ``key`` in the OS keyring; a clear error (naming the env-var alternative) when none exists."""
    env_var = env_var or env_var_for(account)
    if not key.strip():
        raise SettingsError("The API key is empty; nothing was stored", code="secrets.empty")
    keyring, errors = _keyring()
    try:
        keyring.set_password(service, account, key.strip())
    except errors.NoKeyringError:
        raise SettingsError(
            "Cannot store the API key: no OS keyring backend is available",
            hint=_NO_BACKEND_HINT.format(env=env_var), code="secrets.no_keyring",
        ) from None
    except errors.KeyringError as exc:
        raise SettingsError(
            f"The keyring refused to store the API key ({type(exc).__name__})",
            hint=f"unlock the keyring and try again, or set {env_var} instead", code="secrets.keyring_failed",
        ) from None


def delete_api_key(service: str = SERVICE, account: str = ACCOUNT) -> bool:
    """Remove the stored key; False when there was none (or no keyring to hold one)."""
    keyring, errors = _keyring()
    try:
        keyring.delete_password(service, account)
    except errors.PasswordDeleteError:
        return False
    except errors.NoKeyringError:
        return False
    return True


def get_secret(account: str) -> str | None:
    """A source's password (CalDAV, IMAP) from the keyring; None when none is stored or no keyring exists."""
    keyring, errors = _keyring()
    try:
        return keyring.get_password(SERVICE, account) or None
    except errors.KeyringError:
        return None


def set_secret(account: str, secret: str) -> None:
    """Store a source's password in the keyring; SettingsError (nothing stored) when there is no keyring."""
    if not secret:
        raise SettingsError("The password is empty; nothing was stored", code="secrets.empty")
    keyring, errors = _keyring()
    try:
        keyring.set_password(SERVICE, account, secret)
    except errors.KeyringError as exc:
        raise SettingsError(
            f"Cannot store the password: no usable OS keyring ({type(exc).__name__})",
            hint="install and unlock GNOME Keyring or KWallet (passwords are never written to settings)",
            code="secrets.no_keyring",
        ) from None


def delete_secret(account: str) -> None:
    keyring, errors = _keyring()
    with contextlib.suppress(errors.KeyringError):
        keyring.delete_password(SERVICE, account)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m engines.secrets", description=__doc__)
    parser.add_argument("action", choices=["set", "delete", "status"])
    parser.add_argument("--account", default=ACCOUNT, help="endpoint name (default: cloud)")
    args = parser.parse_args(argv)
    try:
        if args.action == "set":
            set_api_key(getpass.getpass("API key (not echoed): "), account=args.account)
            print("Stored in the OS keyring.")
        elif args.action == "delete":
            print("Deleted." if delete_api_key(account=args.account) else "No key was stored.")
        else:
            has_key = get_api_key(account=args.account) is not None
            print(f"keyring backend: {keyring_backend()}; key available: {'yes' if has_key else 'no'}")
    except SettingsError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
