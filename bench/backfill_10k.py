"""Benchmark: backfill 10,000 generated local articles and check that time grows linearly and peak
memory stays under 500 MB.

The articles are dated HTML pages written to a temporary directory, spread over three years oldest
first; each states one Canada→Ukraine commitment, about one in twelve a new one and the others a
recent one again (a corroboration), so the ledger grows as it would with real news. They are backfilled
through the plain pipeline (`pledgewatch.pipeline.backfill_path`: read → extract → ingest, one
session per article), the same function the backfill flow's tasks call; `--flow N` also times the
Prefect backfill flow on the first N files to show its overhead.

    .venv/bin/python bench/backfill_10k.py [--count 10000] [--flow 1000] [--db URL]
"""
from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHECKPOINTS = (1_000, 2_500, 5_000, 10_000)
SPAN_DAYS = 3 * 365  # the archive covers three years, oldest first
ITEMS = {
    "military": ["armoured vehicles", "air defence missiles", "reconnaissance drones", "artillery shells",
                 "winter uniforms", "night-vision goggles", "field radios", "demining vehicles"],
    "humanitarian": ["food aid", "emergency shelters", "field hospitals", "clean water systems",
                     "school repairs", "mental health care", "mobile clinics", "seed grain"],
    "financial": ["budget support", "power grid repairs", "a reconstruction loan", "bridge rebuilding",
                  "pension payments", "rail repairs", "port operations", "housing grants"],
}
REGIONS = ["Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Mykolaiv", "Sumy", "Chernihiv", "Kherson", "Lviv",
           "Poltava", "Vinnytsia", "Zhytomyr"]
VERBS = ["will provide", "has pledged", "announced", "is sending", "will contribute"]
FILLER = [
    "Officials in Ottawa said the measure had been discussed with allies for several weeks.",
    "The announcement came during a meeting of defence ministers in Brussels.",
    "Opposition critics asked when the help would actually arrive.",
    "Ukraine's ambassador thanked Canadians for their continued support.",
    "The government did not say how the package would be financed.",
]


def commitment_pool(count: int, rng: random.Random) -> list[tuple[str, str, float]]:
    """`count` distinct commitments: (category, purpose, amount in millions)."""
    pool, seen = [], set()
    while len(pool) < count:
        category = rng.choice(sorted(ITEMS))
        purpose = f"{rng.choice(ITEMS[category])} for {rng.choice(REGIONS)}"
        amount = float(rng.randrange(5, 3_000))
        if (purpose, amount) not in seen:
            seen.add((purpose, amount))
            pool.append((category, purpose, amount))
    return pool


def make_page(i: int, day: str, sentence: str, rng: random.Random) -> str:
    """A dated news page whose main text states the commitment."""
    filler = " ".join(rng.sample(FILLER, 3))
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Canada and Ukraine, story {i}</title>'
            f'<meta property="article:published_time" content="{day}T12:00:00Z"></head><body><article>'
            f"<h1>Canada and Ukraine, story {i}</h1><p>OTTAWA - {sentence}</p><p>{filler}</p></article></body></html>")


def generate(directory: Path, count: int) -> list[Path]:
    """An archive of dated pages, oldest first, as news reports it: about one commitment in twelve
    articles is new, the others repeat a recent one (a corroboration)."""
    rng = random.Random(20261121)
    pool = commitment_pool(max(1, count // 12), rng)
    start = date(2023, 1, 1)
    introduced: list[tuple[str, int]] = []  # (sentence, article index it first appeared in)
    paths = []
    for i in range(count):
        due = (i * len(pool)) // count  # commitments introduced so far, spread over the archive
        if len(introduced) <= due or not introduced:
            category, purpose, amount = pool[len(introduced)]
            sentence = (f"Canada {rng.choice(VERBS)} ${amount:,.0f} million in {category} assistance to "
                        f"Ukraine for {purpose}.")
            introduced.append((sentence, i))
        else:  # a recent commitment again (the last 40 introduced)
            sentence = rng.choice(introduced[-40:])[0]
        day = (start + timedelta(days=(i * SPAN_DAYS) // count)).isoformat()
        path = directory / f"article_{i:05d}.html"
        path.write_text(make_page(i, day, sentence, rng), encoding="utf-8")
        paths.append(path)
    return paths


def ledger_counts(url: str) -> dict[str, int]:
    """Pledges and events by kind in the ledger at the end (how much the generated news reconciled)."""
    from sqlalchemy import func, select

    from pledgewatch import pipeline
    from pledgewatch.db import session_scope
    from pledgewatch.ledger.models import EventRow, PledgeRow

    with session_scope(pipeline.ledger_engine(url)) as s:
        counts = {"pledges": s.scalar(select(func.count()).select_from(PledgeRow)) or 0}
        for kind, n in s.execute(select(EventRow.kind, func.count()).group_by(EventRow.kind)):
            counts[f"{kind} events"] = n
    return counts


def cpu_seconds() -> float:
    """This process's user + system CPU time: steadier than wall time on a shared, busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--flow", type=int, default=0, metavar="N", help="also time the Prefect backfill flow on N files")
    parser.add_argument("--db", default=None, help="ledger URL (default: a new SQLite file)")
    args = parser.parse_args()

    from pledgewatch import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        started = time.perf_counter()
        paths = generate(tmpdir, args.count)
        print(f"generated {len(paths)} articles in {time.perf_counter() - started:.1f} s; "
              f"peak RSS before the backfill {peak_rss_mb():.0f} MB")
        url = args.db or f"sqlite:///{tmpdir / 'ledger.db'}"
        pipeline.ledger_engine(url)

        checkpoints = [c for c in CHECKPOINTS if c < args.count] + [args.count]
        outcomes: dict[str, int] = {}
        rows = []
        last_n, last_t, last_cpu = 0, 0.0, cpu_seconds()
        started = time.perf_counter()
        for n, path in enumerate(paths, start=1):
            outcome = pipeline.backfill_path(url, str(path))
            outcomes[outcome.outcome] = outcomes.get(outcome.outcome, 0) + 1
            if n in checkpoints:
                elapsed, cpu = time.perf_counter() - started, cpu_seconds()
                segment = (elapsed - last_t) / (n - last_n) * 1000
                cpu_segment = (cpu - last_cpu) / (n - last_n) * 1000
                rows.append((n, elapsed, segment, cpu_segment, peak_rss_mb()))
                last_n, last_t, last_cpu = n, elapsed, cpu

        print("\nplain pipeline (backfill_path per file, SQLite unless --db):")
        print(f"{'articles':>9} {'elapsed s':>10} {'wall ms/article':>16} {'CPU ms/article':>15} {'peak RSS MB':>12}"
              "   (per-article figures for the segment since the previous line)")
        for n, elapsed, segment, cpu_segment, rss in rows:
            print(f"{n:>9} {elapsed:>10.1f} {segment:>16.2f} {cpu_segment:>15.2f} {rss:>12.0f}")
        first_rate, last_rate = rows[0][3], rows[-1][3]
        print(f"outcomes: {outcomes}; ledger: {ledger_counts(url)}")
        print(f"growth (CPU): last segment {last_rate:.2f} ms/article vs first {first_rate:.2f} "
              f"(ratio {last_rate / first_rate:.2f}; 1.0 = perfectly linear total time)")
        print(f"peak RSS {peak_rss_mb():.0f} MB (target <= 500 MB)")

        if args.flow:
            import flows  # noqa: F401

            from flows.backfill import backfill

            flow_url = f"sqlite:///{tmpdir / 'flow.db'}"
            subset = [str(p) for p in paths[: args.flow]]
            backfill(inputs=subset[:1], database_url=flow_url, send=False)  # start Prefect first
            started = time.perf_counter()
            summary = backfill(inputs=subset[1:], database_url=flow_url, send=False)
            took = time.perf_counter() - started
            print(f"\nPrefect backfill flow (ephemeral server, 2 threads, batches of 25) on {len(subset) - 1} files: "
                  f"{took:.1f} s, {took / (len(subset) - 1) * 1000:.2f} ms/article, "
                  f"{summary.articles_new} new; peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
