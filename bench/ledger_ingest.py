"""Ledger ingest speed: synthetic articles with 0-3 commitments each, committed one by one like a backfill.

Prints articles per second overall and per slice, so that a cost growing with the ledger's size (a full
scan instead of an index lookup) shows up as slower later slices.

    .venv/bin/python bench/ledger_ingest.py [--articles 10000] [--url postgresql+psycopg://root@127.0.0.1/test]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.model import Article, Commitment  # noqa: E402
from pledgewatch.db import open_ledger, session_factory  # noqa: E402
from pledgewatch.ledger.ingest import ingest_article  # noqa: E402

WHAT = ["ammunition", "air defence", "drones", "armoured vehicles", "demining", "winter clothing", "field hospitals",
        "energy repairs", "grain corridor", "artillery shells", "F-16 maintenance", "cyber defence", "border guards",
        "radar systems", "mine clearing", "reconstruction", "budget support", "housing", "water systems", "schools"]
WHERE = ["Kharkiv", "Odesa", "Kyiv", "Lviv", "Dnipro", "Zaporizhzhia", "Mykolaiv", "Sumy", "Chernihiv", "Kherson"]


def synthetic(n: int, rng: random.Random) -> list[tuple[Article, list[Commitment]]]:
    out = []
    for i in range(n):
        found = []
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            purpose = f"{rng.choice(WHAT)} for {rng.choice(WHERE)}"
            amount = rng.randint(1, 400) * 5e6 if rng.random() < 0.8 else None
            found.append(Commitment(
                category=rng.choice(["military", "military", "financial", "humanitarian"]), purpose=purpose,
                status=rng.choice(["pledged", "pledged", "allocated", "delivered"]), evidence=f"{purpose} {amount}",
                span=(0, 10), amount=amount, currency=rng.choice(["CAD", "CAD", "CAD", "USD"]) if amount else None,
            ))
        day = f"{rng.randint(2022, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        text = f"Synthetic article {i} {uuid.uuid4().hex}: " + "; ".join(c.evidence for c in found)
        out.append((Article(text=text, source=f"bench/{i}.txt", date=day, url=f"https://bench.example.org/{i}"), found))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--url", default=None, help="database URL (default: a new SQLite file)")
    ap.add_argument("--slices", type=int, default=5)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = args.url
    schema_admin = None
    if url is None:
        url = f"sqlite:///{tmp.name}/bench.db"
    elif url.startswith("postgresql"):
        from sqlalchemy import create_engine, text

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        schema_admin = create_engine(url)
        with schema_admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    rng = random.Random(7)
    items = synthetic(args.articles, rng)
    engine = open_ledger(url)
    session = session_factory(engine)()
    mentions = sum(len(c) for _, c in items)
    per_slice = max(1, len(items) // args.slices)
    started = time.perf_counter()
    slice_start = started
    print(f"ledger ingest: {len(items)} articles, {mentions} commitments, {engine.dialect.name}")
    for i, (art, found) in enumerate(items, 1):
        ingest_article(session, art, found, "backfill")
        session.commit()
        if i % per_slice == 0:
            now = time.perf_counter()
            print(f"  articles {i - per_slice + 1:>6}-{i:<6} {per_slice / (now - slice_start):7.0f} articles/s")
            slice_start = now
    total = time.perf_counter() - started
    again = time.perf_counter()
    for art, found in items[:1000]:
        ingest_article(session, art, found, "backfill")
    session.commit()
    unchanged = time.perf_counter() - again
    from sqlalchemy import func, select

    from pledgewatch.ledger.models import ConflictRow, PledgeRow

    pledges = session.execute(select(func.count()).select_from(PledgeRow)).scalar_one()
    conflicts = session.execute(select(func.count()).select_from(ConflictRow)).scalar_one()
    print(f"total {total:.1f} s, {len(items) / total:.0f} articles/s, {1000 * total / len(items):.1f} ms per article")
    print(f"re-ingest of 1000 known articles: {1000 * unchanged / min(1000, len(items)):.2f} ms each")
    print(f"ledger: {pledges} pledges, {conflicts} conflicts")
    session.close()
    engine.dispose()
    if schema_admin is not None:
        from sqlalchemy import text

        with schema_admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        schema_admin.dispose()


if __name__ == "__main__":
    main()
