"""The schema comes from the Alembic migrations alone, from an empty database, on both backends."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from pledgewatch.db import Base, make_engine, migrate, open_ledger
from pledgewatch.ledger.models import LedgerLockRow

LEDGER_TABLES = {"articles", "mentions", "pledges", "conflicts", "events", "ledger_lock"}


def test_open_ledger_from_empty_creates_the_ledger(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert not LEDGER_TABLES & set(inspect(engine).get_table_names())
        migrate(engine)
        insp = inspect(engine)
        assert LEDGER_TABLES <= set(insp.get_table_names())
        uniques = {tuple(u["column_names"]) for u in insp.get_unique_constraints("articles")}
        assert {("canonical_url",), ("content_hash",)} <= uniques
        event_cols = {c["name"] for c in insp.get_columns("events")}
        assert {"id", "kind", "pledge_id", "field", "before", "after", "evidence", "article_id", "created_at",
                "baseline"} <= event_cols
        with engine.connect() as conn:
            heads = MigrationContext.configure(conn).get_current_heads()
            assert "0001_ledger" in heads or heads  # 0001 is the root of every later head
            assert conn.execute(select(LedgerLockRow.id)).scalars().all() == [1]
    finally:
        engine.dispose()


def test_migrating_twice_is_a_no_op(db_url: str) -> None:
    engine = open_ledger(db_url)
    try:
        with engine.connect() as conn:
            before = MigrationContext.configure(conn).get_current_heads()
        migrate(engine)
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_heads() == before
            assert conn.execute(select(LedgerLockRow.id)).scalars().all() == [1]
    finally:
        engine.dispose()


def test_models_match_the_migration(engine) -> None:  # type: ignore[no-untyped-def]
    """The ORM classes and the hand-written migration describe the same ledger tables."""

    def only_ledger(name, type_, parent_names) -> bool:  # type: ignore[no-untyped-def]
        if type_ == "table":
            return name in LEDGER_TABLES
        return parent_names.get("table_name") in LEDGER_TABLES if "table_name" in parent_names else True

    def ledger_object(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
        table = obj if type_ == "table" else getattr(obj, "table", None)
        return table is None or table.name in LEDGER_TABLES

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_name": only_ledger, "include_object": ledger_object})
        diffs = compare_metadata(ctx, Base.metadata)
    assert diffs == []
