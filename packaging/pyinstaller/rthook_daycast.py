"""PyInstaller runtime hook: point Daycast at the models and assets inside the bundle.

Runs before any Daycast module. ``setdefault`` keeps an explicit DAYCAST_MODELS/DAYCAST_ASSETS from
the environment (a shared model store, a developer's checkout).
"""

import os
import sys

_bundle = getattr(sys, "_MEIPASS", os.path.dirname(os.path.abspath(sys.executable)))
_beside = os.path.dirname(os.path.abspath(sys.executable))
for _candidate in (os.path.join(_beside, "models"), os.path.join(_bundle, "models")):
    if os.path.isdir(_candidate):
        os.environ.setdefault("DAYCAST_MODELS", _candidate)
        break
os.environ.setdefault("DAYCAST_ASSETS", os.path.join(_bundle, "assets"))
os.environ.setdefault("DAYCAST_FROZEN", "1")
