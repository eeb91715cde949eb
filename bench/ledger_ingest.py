"""Ledger ingest speed: synthetic articles with 0-3 commitments each, committed one by one like a backfill.

Prints, at 1k/2.5k/5k/10k articles, the wall and CPU time per article since the previous checkpoint
(CPU time is steadier on a busy machine; SQLite runs in this process, so it includes the database work)
and the pledges, conflicts and events so far. A cost growing with the ledger's size (a full scan
instead of an index lookup, or conflicts multiplying between every pair of equal sums) shows up as
slower later segments and counts growing faster than the articles.

`--undated` drops the articles' dates (a backfill of undated pages: every report is as of the day it is
fetched, so the date windows rule nothing out); the 400 round sums then recur across purposes all the
time, which is the worst case for same-sum conflicts.

    .venv/bin/python bench/ledger_ingest.py [--articles 10000] [--undated] [--url postgresql+psycopg://root@127.0.0.1/test]
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
CHECKPOINTS = (1_000, 2_500, 5_000, 10_000)
WHERE = ["Kharkiv", "Odesa", "Kyiv", "Lviv", "Dnipro", "Zaporizhzhia", "Mykolaiv", "Sumy", "Chernihiv", "Kherson"]


def synthetic(n: int, rng: random.Random, undated: bool = False) -> list[tuple[Article, list[Commitment]]]:
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
        out.append((Article(text=text, source=f"bench/{i}.txt", date=None if undated else day,
                            url=f"https://bench.example.org/{i}"), found))
    return out


def db_mb(url: str) -> str:
    """Size of the SQLite file (with its write-ahead log) in MB; '-' for another database."""
    if not url.startswith("sqlite:///"):
        return "-"
    path = Path(url[len("sqlite:///"):])
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    return f"{size / 1e6:.1f}"


def ledger_counts(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from pledgewatch.ledger.models import ConflictRow, EventRow, PledgeRow

    return {name: session.execute(select(func.count()).select_from(model)).scalar_one()
            for name, model in (("pledges", PledgeRow), ("conflicts", ConflictRow), ("events", EventRow))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--url", default=None, help="database URL (default: a new SQLite file)")
    ap.add_argument("--undated", action="store_true", help="articles without a date")
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
    items = synthetic(args.articles, rng, args.undated)
    engine = open_ledger(url)
    session = session_factory(engine)()
    mentions = sum(len(c) for _, c in items)
    checkpoints = [c for c in CHECKPOINTS if c < len(items)] + [len(items)]
    started = time.perf_counter()
    last_n, last_t, last_cpu = 0, started, time.process_time()
    print(f"ledger ingest: {len(items)} articles, {mentions} commitments, {engine.dialect.name}"
          f"{', undated' if args.undated else ''}")
    print(f"{'articles':>9} {'wall ms/article':>16} {'CPU ms/article':>15} {'pledges':>8} {'conflicts':>10} "
          f"{'events':>8} {'db MB':>6}   (per-article times over the segment since the previous line)")
    for i, (art, found) in enumerate(items, 1):
        ingest_article(session, art, found, "backfill")
        session.commit()
        if i in checkpoints:
            now, cpu = time.perf_counter(), time.process_time()
            counts = ledger_counts(session)
            print(f"{i:>9} {1000 * (now - last_t) / (i - last_n):>16.2f} {1000 * (cpu - last_cpu) / (i - last_n):>15.2f} "
                  f"{counts['pledges']:>8} {counts['conflicts']:>10} {counts['events']:>8} {db_mb(url):>6}", flush=True)
            last_n, last_t, last_cpu = i, time.perf_counter(), time.process_time()
    total = time.perf_counter() - started
    again = time.perf_counter()
    for art, found in items[:1000]:
        ingest_article(session, art, found, "backfill")
    session.commit()
    unchanged = time.perf_counter() - again
    counts = ledger_counts(session)
    print(f"total {total:.1f} s, {len(items) / total:.0f} articles/s, {1000 * total / len(items):.1f} ms per article")
    print(f"re-ingest of 1000 known articles: {1000 * unchanged / min(1000, len(items)):.2f} ms each")
    print(f"ledger: {counts['pledges']} pledges, {counts['conflicts']} conflicts, {counts['events']} events")
    session.close()
    engine.dispose()
    if schema_admin is not None:
        from sqlalchemy import text

        with schema_admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        schema_admin.dispose()


if __name__ == "__main__":
    main()
