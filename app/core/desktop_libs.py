"""First start on a stock Linux desktop: are the system libraries Qt's xcb plugin needs installed?

PySide6's wheels carry Qt but not the X11 helper libraries (libxcb-cursor0, libxcb-icccm4, ...). Without
them Qt aborts with "Could not load the Qt platform plugin xcb ... Reinstalling the application may fix
this problem", which sends users the wrong way. This module asks the dynamic loader (``ldd``) which of
the plugin's libraries are missing and names the packages to install, before any QApplication exists.

Qt-free: it finds the plugin file through the PySide6 package's location without importing Qt.
``python -m app.core.desktop_libs`` runs the check (``make app`` does).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from engines.errors import DaycastError

__all__ = ["LIBRARY_PACKAGES", "MissingLibraries", "check_desktop_libraries", "missing_from_ldd",
           "needs_xcb", "xcb_plugin_path"]

# soname -> (Debian/Ubuntu package, Fedora package). The libraries ``ldd libqxcb.so`` lists outside
# Qt's own (Qt 6.x wheels), and Qt's "X11 requirements" page; libxcb-xinerama0 is on that page too.
LIBRARY_PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libXau.so.6": ("libxau6", "libXau"),
    "libXdmcp.so.6": ("libxdmcp6", "libXdmcp"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libpng16.so.16": ("libpng16-16", "libpng"),
    "libexpat.so.1": ("libexpat1", "expat"),
    "libz.so.1": ("zlib1g", "zlib"),
}
"""Every library named here is one a minimal Debian/Ubuntu or Fedora system may lack; README's system-libraries
line lists the usual gaps, and the check names whichever of these is missing."""

_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found\s*$", re.MULTILINE)
_DLOPEN_MISSING = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")
_LDD_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class MissingLibraries:
    """What the xcb plugin cannot load, and how to install it."""

    plugin: Path
    sonames: tuple[str, ...]

    def debian_packages(self) -> list[str]:
        return _packages(self.sonames, 0)

    def fedora_packages(self) -> list[str]:
        return _packages(self.sonames, 1)

    def message(self) -> str:
        unknown = [s for s in self.sonames if s not in LIBRARY_PACKAGES]
        lines = [
            "Daycast cannot open its window: Qt's xcb platform plugin needs system libraries that are not "
            "installed:",
            "  " + ", ".join(self.sonames),
            "Install them, then start Daycast again:",
            "  Debian/Ubuntu: sudo apt-get install " + " ".join(self.debian_packages()),
            "  Fedora:        sudo dnf install " + " ".join(self.fedora_packages()),
        ]
        if unknown:
            lines.append("  (the package providing " + ", ".join(unknown) + " depends on your distribution)")
        lines += [
            f"(checked {self.plugin} with ldd; the command line - daycast brief, podcast, ask - needs none of them)",
        ]
        return "\n".join(lines)


class DesktopLibrariesMissing(DaycastError):
    code = "app.system_libraries_missing"
    exit_status = 2


def _packages(sonames: tuple[str, ...], column: int) -> list[str]:
    named = [LIBRARY_PACKAGES[s][column] for s in sonames if s in LIBRARY_PACKAGES]
    return list(dict.fromkeys(named))


def needs_xcb(env: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt will pick the xcb plugin: Linux (or another X11 Unix), and QT_QPA_PLATFORM asks for it or
    leaves the choice to Qt outside a Wayland session (Qt 6 prefers Wayland only inside one)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if platform in ("darwin", "win32", "cygwin") or platform.startswith("win"):
        return False
    asked = [p.strip().split(":")[0] for p in env.get("QT_QPA_PLATFORM", "").split(";") if p.strip()]
    if asked:
        return asked[0] == "xcb" or (asked[0] == "wayland" and "xcb" in asked and not env.get("WAYLAND_DISPLAY"))
    wayland_session = env.get("XDG_SESSION_TYPE") == "wayland" and bool(env.get("WAYLAND_DISPLAY"))
    return not wayland_session


def xcb_plugin_path() -> Path | None:
    """PySide6's ``plugins/platforms/libqxcb.so``, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        for candidate in (Path(root) / "Qt" / "plugins" / "platforms" / "libqxcb.so",
                          Path(root) / "plugins" / "platforms" / "libqxcb.so"):
            if candidate.is_file():
                return candidate
    return None


def missing_from_ldd(output: str) -> tuple[str, ...]:
    """The sonames ``ldd`` reported as "not found", each once, in its order."""
    return tuple(dict.fromkeys(_NOT_FOUND.findall(output)))


def _run_ldd(plugin: Path, ldd: str) -> str:
    done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=_LDD_TIMEOUT_S, check=False)
    return done.stdout + done.stderr


def _missing_by_dlopen(plugin: Path) -> tuple[str, ...]:
    """Without ldd (musl, a stripped image): ask the loader itself; it names the first missing library."""
    import ctypes

    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        found = _DLOPEN_MISSING.search(str(exc))
        return (found.group(1),) if found else ()
    return ()


def check_desktop_libraries(env: Mapping[str, str] | None = None, *, plugin: Path | None = None,
                            ldd: str | None = None) -> MissingLibraries | None:
    """``None`` when the window can load its platform plugin (or the platform is not xcb); else what is missing.

    ``ldd`` names the ldd program (default: the one on PATH); ``plugin`` the plugin file to check."""
    if not needs_xcb(env):
        return None
    plugin = plugin or xcb_plugin_path()
    if plugin is None:
        return None  # a PySide6 build without xcb: Qt says so itself
    ldd = ldd or shutil.which("ldd")
    try:
        missing = missing_from_ldd(_run_ldd(plugin, ldd)) if ldd else _missing_by_dlopen(plugin)
    except (OSError, subprocess.TimeoutExpired):
        missing = _missing_by_dlopen(plugin)
    return MissingLibraries(plugin, missing) if missing else None


def require_desktop_libraries(env: Mapping[str, str] | None = None) -> None:
    """Raise :class:`DesktopLibrariesMissing` (exit status 2) with the install commands when any is missing."""
    missing = check_desktop_libraries(env)
    if missing is not None:
        raise DesktopLibrariesMissing(missing.message())


def main() -> int:
    missing = check_desktop_libraries()
    if missing is None:
        print("Desktop libraries: all present (or the window does not use xcb here).")
        return 0
    print(missing.message(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
