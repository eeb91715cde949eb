"""Figures for the alert outbox: what a pass costs, per alert and when there is nothing to send.

Against a local HTTP receiver (tests/alerts/receivers.py, apprise json://) and a temporary SQLite
ledger (or PostgreSQL with --pg):
  1. N NEW events, one target: queue + send + record, time per alert;
  2. the same pass again: nothing queued, nothing sent — the cost of a quiet run;
  3. a narrow route (military ≥ C$1 billion) over the same N events: the cost of re-checking
     events the route turns down;
  4. a digest target over N fresh events: one message.
Prints figures; asserts nothing about speed.

    .venv/bin/python bench/alerts_outbox.py [--events 300] [--pg]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pledgewatch.alerts.dispatch import dispatch  # noqa: E402
from pledgewatch.alerts.targets import load_targets  # noqa: E402
from pledgewatch.db import open_ledger, session_factory  # noqa: E402
from tests.alerts.conftest import add_event  # noqa: E402
from tests.alerts.receivers import HttpReceiver  # noqa: E402


def _timed(label: str, fn, count: int | None = None):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    per = f", {1000 * seconds / count:.1f} ms per alert" if count else ""
    print(f"{label}: {seconds:.2f} s{per}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--pg", action="store_true", help="use a fresh PostgreSQL schema instead of SQLite")
    args = parser.parse_args()
    n = args.events
    if args.pg:
        from tests.conftest import _pg_schema_url

        urls = _pg_schema_url()
        url = next(urls)
    else:
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{tmp.name}/bench.db"
    engine = open_ledger(url)
    receiver = HttpReceiver().start()
    now = datetime.now(timezone.utc) + timedelta(minutes=1)
    print(f"backend: {engine.dialect.name}, {n} events")
    with session_factory(engine)() as session:
        for i in range(n):
            add_event(session, purpose=f"package {i}", amount=1e6 * (i + 1))
        (plain,) = load_targets(environ={"PLEDGEWATCH_NOTIFY": receiver.url("plain")})
        report = _timed("1. first pass (queue + send + record)", lambda: dispatch(session, targets=[plain], now=now), n)
        print(f"   sent {report.sent}, receiver got {len(receiver.posts)}")
        report = _timed("2. quiet pass (nothing new)", lambda: dispatch(session, targets=[plain], now=now))
        print(f"   queued {report.queued}, sent {report.sent}")
        (narrow,) = load_targets(environ={"PLEDGEWATCH_NOTIFY": receiver.url("narrow")})
        narrow = replace(narrow, categories=frozenset({"military"}), min_amount_cad=1e9)
        report = _timed("3. narrow route re-checking every event", lambda: dispatch(session, targets=[narrow], now=now))
        print(f"   queued {report.queued}")
        (digest,) = load_targets(environ={"PLEDGEWATCH_NOTIFY": receiver.url("digest")})
        digest = replace(digest, digest=True)
        before = len(receiver.posts)
        report = _timed("4. digest of every event", lambda: dispatch(session, targets=[digest], now=now), n)
        print(f"   recorded {report.sent} as sent in {len(receiver.posts) - before} message(s)")
    receiver.stop()
    engine.dispose()
    if args.pg:
        next(urls, None)


if __name__ == "__main__":
    main()
