"""Whatever order the seeds arrive in, the ledger comes out the same."""
from __future__ import annotations

import itertools

from pledgewatch.ledger.ingest import ingest_article
from tests.ledger.snapshot import ledger_snapshot

SEED_IDS = ("000", "001", "002", "003", "004")
ALL_ORDERS = list(itertools.permutations(SEED_IDS))
# On PostgreSQL a representative dozen: forward, reversed, each seed first and last, the two conflicting
# seeds adjacent and apart.
SOME_ORDERS = [
    SEED_IDS, SEED_IDS[::-1],
    ("002", "000", "001", "003", "004"), ("004", "002", "003", "000", "001"),
    ("001", "003", "000", "004", "002"), ("003", "004", "001", "002", "000"),
    ("002", "004", "000", "003", "001"), ("000", "002", "004", "003", "001"),
    ("001", "004", "003", "002", "000"), ("003", "000", "002", "001", "004"),
    ("004", "001", "000", "002", "003"), ("002", "003", "001", "000", "004"),
]


def test_seeds_in_every_order_give_one_ledger(session, engine, seed_articles, gold) -> None:  # type: ignore[no-untyped-def]
    orders = ALL_ORDERS if engine.dialect.name == "sqlite" else SOME_ORDERS
    reference = None
    for order in orders:
        # One transaction per order, rolled back after the snapshot: every order starts from empty.
        for sid in order:
            ingest_article(session, seed_articles[sid], gold[sid], "seed")
        session.flush()
        snap = ledger_snapshot(session)
        session.rollback()
        if reference is None:
            reference = snap
            assert snap["count"] > 15
        assert snap == reference, f"order {order} differs"
