"""Fixtures of the ledger tests: the seeds as Articles and their hand-annotated commitments."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from extractors.model import Article, Commitment
from extractors.normalize import normalize_text
from pledgewatch.db import Base, make_engine, open_ledger
from tests.conftest import _pg_schema_url


def _flat(s: str) -> str:
    return re.sub(r"\s+", " ", normalize_text(s)).strip()


def gold_commitments(gold_file: Path, articles: dict[str, Article]) -> dict[str, list[Commitment]]:
    """The gold lines as Commitments per seed id, spans found by searching the evidence in the text."""
    out: dict[str, list[Commitment]] = {k: [] for k in articles}
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        text = articles[d["article"]].text
        evidence = _flat(d["evidence"])
        # Whitespace in the text may differ from the evidence: match word by word.
        pattern = r"\s+".join(re.escape(w) for w in evidence.split(" "))
        found = re.search(pattern, text)
        assert found, f"gold evidence not found in seed {d['article']}: {evidence[:60]}"
        d["span"] = (found.start(), found.end())
        d["evidence"] = found.group(0)
        out[d["article"]].append(Commitment.from_dict(d))
    return out


@pytest.fixture(scope="session")
def seed_articles() -> dict[str, Article]:
    from pledgewatch.seeds import load_seed_articles

    return {a.source.split("/")[-1][:3]: a for a in load_seed_articles()}


@pytest.fixture(scope="session")
def gold(gold_file: Path, seed_articles: dict[str, Article]) -> dict[str, list[Commitment]]:
    return gold_commitments(gold_file, seed_articles)


# ---- a migrated ledger per test, fast -------------------------------------------------------------
# Migrating takes about half a second per database; the ledger tests need an empty, migrated ledger
# each, so the migration runs once per session and per backend: a copy of a migrated SQLite file, and
# one PostgreSQL schema emptied before each test. Migrations from empty are tested in test_migrations.py
# with the shared `db_url` fixture.

KEEP = {"ledger_lock", "alembic_version"}


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ledger-template") / "ledger.db"
    open_ledger(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(scope="session")
def _pg_ledger_url():  # type: ignore[no-untyped-def]
    schemas = _pg_schema_url()
    url = next(schemas)
    open_ledger(url).dispose()
    yield url
    next(schemas, None)  # drops the schema


def _empty_pg(engine) -> None:  # type: ignore[no-untyped-def]
    from pledgewatch import models_registry  # noqa: F401  (every table in Base.metadata)

    with engine.begin() as conn:
        present = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
                      .scalars())
        names = [t.name for t in Base.metadata.sorted_tables if t.name in present and t.name not in KEEP]
        if names:
            conn.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An empty, migrated ledger on SQLite, then on PostgreSQL (overrides the shared fixture for speed)."""
    if request.param == "sqlite":
        path = tmp_path / "ledger.db"
        shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        eng = make_engine(f"sqlite:///{path}")
    else:
        eng = make_engine(request.getfixturevalue("_pg_ledger_url"))
        _empty_pg(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def engine_url(engine) -> str:  # type: ignore[no-untyped-def]
    """The URL of `engine`, for commands that open the ledger themselves."""
    return engine.url.render_as_string(hide_password=False)
