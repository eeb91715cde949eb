"""Figures for the feeds: what polling costs when nothing changed, and how fast new articles arrive.

Runs against a local feed server (tests/feeds/server.py) on 127.0.0.1 and a temporary SQLite ledger:
  1. first poll of N feeds (200, M items each), item selection, concurrent article fetch;
  2. the same N feeds polled again: every one answers 304 — time per poll, articles fetched (must be 0);
  3. the feeds come back with a new ETag but the same items — de-duplication leaves nothing to fetch.
Prints figures; asserts nothing about speed.

    .venv/bin/python bench/feeds_poll.py [--feeds 50] [--items 5]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.model import Article  # noqa: E402
from pledgewatch.db import open_ledger, session_scope  # noqa: E402
from pledgewatch.feeds.articles import fetch_articles, record_outcome  # noqa: E402
from pledgewatch.feeds.config import FeedConfig  # noqa: E402
from pledgewatch.feeds.items import select_new  # noqa: E402
from pledgewatch.feeds.poll import poll_feed  # noqa: E402
from pledgewatch.fetch import make_client  # noqa: E402
from tests.feeds.server import FeedServer, article_html, rss_xml  # noqa: E402

PARAGRAPHS = [
    "Canada announced further support for Ukraine today, including funding for air defence and demining.",
    "The Minister said the assistance would be delivered over the coming months in coordination with allies.",
]


def publish(srv: FeedServer, n_feeds: int, n_items: int, etag: str) -> list[FeedConfig]:
    feeds = []
    for f in range(n_feeds):
        items = []
        for i in range(n_items):
            path = f"/f{f}/a{i}"
            srv.page(path, article_html(f"Ukraine story {f}-{i}", PARAGRAPHS))
            items.append({"title": f"Ukraine story {f}-{i}", "link": srv.url(path), "guid": f"urn:{f}:{i}",
                          "description": "Canada and Ukraine"})
        srv.feed(f"/f{f}/rss", rss_xml(items), etag=etag)
        feeds.append(FeedConfig(f"feed-{f}", srv.url(f"/f{f}/rss"), 30, (("ukrain",),)))
    return feeds


def run_pass(engine, feeds, client, now, *, fetch: bool):  # type: ignore[no-untyped-def]
    """Poll every feed, select new items and (optionally) fetch them; returns timings and counts."""
    started = time.perf_counter()
    outcomes: dict[str, int] = {}
    chosen = []
    for feed in feeds:
        with session_scope(engine) as session:
            result = poll_feed(session, feed, client, now=now)
            outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
            if result.outcome == "ok":
                chosen += select_new(session, feed, result.items, now=now)
    poll_seconds = time.perf_counter() - started
    fetched = 0
    fetch_seconds = 0.0
    if fetch and chosen:
        t = time.perf_counter()
        results = fetch_articles(chosen, client, max_workers=8)
        fetch_seconds = time.perf_counter() - t
        with session_scope(engine) as session:
            for entry, outcome in results:
                record_outcome(session, entry, outcome, now=now)
                fetched += isinstance(outcome, Article)
    return poll_seconds, outcomes, len(chosen), fetched, fetch_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=5)
    args = parser.parse_args()
    t0 = datetime(2026, 11, 21, 12, 0)
    with tempfile.TemporaryDirectory() as tmp, FeedServer() as srv, make_client() as client:
        engine = open_ledger(f"sqlite:///{Path(tmp) / 'bench.db'}")
        feeds = publish(srv, args.feeds, args.items, '"v1"')
        n = len(feeds)

        secs, outcomes, chosen, fetched, fetch_secs = run_pass(engine, feeds, client, t0, fetch=True)
        print(f"first poll   : {n} feeds in {secs:.3f} s ({secs / n * 1000:.1f} ms/feed, incl. parse + item selection) {outcomes}")
        print(f"  articles   : {chosen} selected, {fetched} fetched+read in {fetch_secs:.3f} s "
              f"({fetched / fetch_secs if fetch_secs else 0:.0f} articles/s, 8 workers)")

        article_hits = sum(1 for r in srv.requests if "/a" in r.path)
        secs, outcomes, chosen, fetched, _ = run_pass(engine, feeds, client, t0 + timedelta(minutes=30), fetch=True)
        new_hits = sum(1 for r in srv.requests if "/a" in r.path) - article_hits
        print(f"304 poll     : {n} feeds in {secs:.3f} s ({secs / n * 1000:.1f} ms/feed) {outcomes}; "
              f"articles selected = {chosen}, fetched = {fetched}, article requests = {new_hits}")

        publish(srv, args.feeds, args.items, '"v2"')
        secs, outcomes, chosen, fetched, _ = run_pass(engine, feeds, client, t0 + timedelta(minutes=60), fetch=True)
        print(f"changed ETag : {n} feeds in {secs:.3f} s ({secs / n * 1000:.1f} ms/feed) {outcomes}; "
              f"same items -> selected = {chosen}, fetched = {fetched}")
        engine.dispose()


if __name__ == "__main__":
    main()
