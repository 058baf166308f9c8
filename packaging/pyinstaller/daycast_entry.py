"""Entry point of the packaged ``daycast`` executable (PyInstaller one-folder build).

The frozen executable is also the only Python interpreter in the bundle, so it answers the two ways
Daycast starts itself: ``daycast -c CODE`` (the CUDA probe in ``engines.device`` runs
``sys.executable -c …``) and ``daycast -m app.cli …`` (the user timer's command line).
"""

from __future__ import annotations

import sys


def main() -> int:
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "-c":
        sys.argv = ["-c", *args[2:]]
        exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})  # our own probe code, as `python -c`
        return 0
    if len(args) >= 2 and args[0] == "-m" and args[1] == "app.cli":
        args = args[2:]
    from app.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
