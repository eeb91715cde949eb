"""Prefect's offline, quiet defaults, applied before Prefect is first imported.

Prefect reads its settings when it is imported, so this module must run first: `flows/__init__.py`
imports it. Every value is only a default; anything already set in the environment wins.
Measured reasons (see the stack notes): the ephemeral server needs more than the default 20 s to start
on two cores, and without the analytics switch each server start logs a failed telemetry lookup.
"""
from __future__ import annotations

import os

from pledgewatch.settings import home

DEFAULTS: dict[str, str] = {
    "PREFECT_HOME": str(home() / ".prefect"),
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}


def apply_defaults() -> None:
    """Set each default that the environment does not already define."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)


apply_defaults()
