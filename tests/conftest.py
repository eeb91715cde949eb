"""Fixtures shared by every test: real services or a clear skip (a failure under CI=true).

Each test area (tests/extractors, tests/ledger, tests/alerts, tests/flows) keeps its own fixtures in
its own conftest; only what several areas need lives here.
"""
from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
GOLD_FILE = ROOT.parent / "shared" / "gold" / "seeds.jsonl"
PG_ADMIN_URL = os.environ.get("PLEDGEWATCH_TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"

# Keep Prefect and the project quiet, offline and inside the checkout during tests.
os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")


def port_open(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip (on a laptop) or fail (under CI=true) when a service does not answer."""
    if port_open(host, port):
        return
    reason = f"{name} is not answering on {host}:{port}"
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the real service is required)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture(scope="session")
def gold_file() -> Path:
    if not GOLD_FILE.exists():
        if IN_CI:
            pytest.fail(f"gold annotations missing at {GOLD_FILE}")
        pytest.skip(f"gold annotations not found at {GOLD_FILE}")
    return GOLD_FILE


def _pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a new, empty schema, dropped afterwards."""
    require_service("PostgreSQL", "127.0.0.1", 5432)
    from sqlalchemy import create_engine, text

    schema = f"pw_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_ADMIN_URL else "?"
    try:
        yield f"{PG_ADMIN_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, then a fresh PostgreSQL schema. Tests using it run on both."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
    else:
        yield from _pg_schema_url()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture
def engine(db_url: str):  # type: ignore[no-untyped-def]
    """A migrated engine on `db_url` (both backends)."""
    from pledgewatch.db import open_ledger

    eng = open_ledger(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):  # type: ignore[no-untyped-def]
    """A session on the migrated test database (both backends); rolled back and closed afterwards."""
    from pledgewatch.db import session_factory

    s = session_factory(engine)()
    try:
        yield s
    finally:
        s.rollback()
        s.close()
