"""Import the pipelines' modules in the background right after the window opens.

The first import of the core (feed, calendar and PDF parsers, audio encoders, signing) takes seconds
and holds the interpreter lock in long stretches; done while a generation runs it stalled the event
loop by up to ~300 ms. Done at start-up, in a worker, the first Generate stays smooth.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator
from typing import Any

from app.core.events import Finished
from engines.cancel import CancelToken

log = logging.getLogger(__name__)

MODULES = (
    "app.core.sources.load",
    "app.core.sources.calendar",
    "app.core.briefing.pipeline",
    "app.core.trust.disclosure",
    "app.core.briefing.output",
    "app.core.trust.provenance",
    "app.core.watermark_stamp",
    "app.core.llm_setup",
    "app.core.podcast.writer",
    "app.core.podcast.script",
    "engines.tts",
    "engines.tts_piper",
)


def warm_imports(cancel: CancelToken) -> Iterator[Any]:
    loaded = []
    for name in MODULES:
        cancel.check()
        try:
            importlib.import_module(name)
            loaded.append(name)
        except ImportError as exc:  # a missing optional part only costs its first-use time
            log.info("warm-up: %s not imported (%s)", name, exc)
    yield Finished(tuple(loaded))
