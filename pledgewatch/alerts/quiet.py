"""Keep apprise's own log lines (which can quote a URL) from reaching the application's handlers.

Inside `quiet_apprise()` the `apprise` logger does not propagate; its records go to an in-memory
buffer that the caller reads, scrubs and reports as one line of its own.
"""
from __future__ import annotations

import io
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.RLock()
_FORMAT = "%(message)s"


@contextmanager
def quiet_apprise(level: int = logging.WARNING) -> Iterator[io.StringIO]:
    """Capture apprise's log records at `level` and above into a StringIO, and nothing else sees them."""
    log = logging.getLogger("apprise")
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(_FORMAT))
    with _LOCK:
        saved = log.propagate, log.level, list(log.handlers)
        log.propagate = False
        log.handlers = [handler]  # no other handler of the apprise logger sees the raw record either
        if log.getEffectiveLevel() > level:
            log.setLevel(level)
        try:
            yield buffer
        finally:
            log.propagate, log.level, log.handlers = saved[0], saved[1], saved[2]
