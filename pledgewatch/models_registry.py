"""Imports every module that declares tables, so that `Base.metadata` knows them all (Alembic autogenerate)."""
from __future__ import annotations

import importlib

for _name in ("pledgewatch.ledger.models", "pledgewatch.alerts.models", "pledgewatch.feeds.models"):
    try:
        importlib.import_module(_name)
    except ModuleNotFoundError as exc:  # a concern without tables of its own
        if exc.name != _name:
            raise
