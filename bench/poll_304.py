"""Benchmark: a monitor flow run over 50 feeds that all answer 304 Not Modified, against the same flow
with no feeds at all (the flow's own overhead). Target: no article fetched, at most 1 s more.

Runs the real monitor flow in Prefect's ephemeral mode (as `pledgewatch run` does) against a local
HTTP server on 127.0.0.1; the feeds are polled once beforehand so that their ETags are stored.

    .venv/bin/python bench/poll_304.py [--feeds 50] [--repeat 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import flows  # noqa: E402,F401  (Prefect's offline defaults before Prefect is imported)
from tests.feeds.server import FeedServer, rss_xml  # noqa: E402


def write_feeds(path: Path, urls: dict[str, str]) -> Path:
    lines: list[str] = []
    for name, url in urls.items():
        lines += ["[[feed]]", f'name = "{name}"', f'url = "{url}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def timed_runs(monitor, repeat: int, **params):  # type: ignore[no-untyped-def]
    """Wall times of `repeat` flow runs, and the last run's summary."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        summary = monitor(**params)
        times.append(time.perf_counter() - start)
    return times, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from flows.monitor import monitor
    from pledgewatch import pipeline

    with tempfile.TemporaryDirectory() as tmp, FeedServer() as srv:
        tmpdir = Path(tmp)
        url = f"sqlite:///{tmpdir / 'ledger.db'}"
        items = [{"title": f"Story {i}", "link": srv.url(f"/article/{i}"), "guid": f"s{i}"} for i in range(5)]
        feeds = {}
        for i in range(args.feeds):
            srv.feed(f"/feed/{i}.rss", rss_xml(items), etag=f'"v{i}"')
            feeds[f"feed {i:02d}"] = srv.url(f"/feed/{i}.rss")
        many = write_feeds(tmpdir / "feeds.toml", feeds)
        none = write_feeds(tmpdir / "none.toml", {})

        # Warm-up: start the ephemeral Prefect server, ingest the seeds, store every feed's ETag.
        start = time.perf_counter()
        monitor(database_url=url, feeds_file=str(none))
        first = time.perf_counter() - start
        from pledgewatch.feeds.config import load_feeds

        pipeline.monitor_once(url, load_feeds(many), pipeline.http_client(), targets=[])
        article_hits_before = sum(srv.hits(f"/article/{i}") for i in range(5))
        feed_hits_before = len(srv.requests)

        base, _ = timed_runs(monitor, args.repeat, database_url=url, feeds_file=str(none))
        polled, summary = timed_runs(monitor, args.repeat, database_url=url, feeds_file=str(many), force=True)

        # The same 50 polls without Prefect (4 threads, as the flow groups them): the work itself.
        from concurrent.futures import ThreadPoolExecutor

        from flows.monitor import FETCH_WORKERS, spread

        feed_list = load_feeds(many)
        start = time.perf_counter()
        with ThreadPoolExecutor(FETCH_WORKERS) as pool:
            list(pool.map(lambda group: [pipeline.poll_one(url, f, pipeline.http_client(), force=True) for f in group],
                          spread(feed_list, FETCH_WORKERS)))
        plain = time.perf_counter() - start

        article_hits = sum(srv.hits(f"/article/{i}") for i in range(5)) - article_hits_before
        feed_requests = len(srv.requests) - feed_hits_before
        not_modified = summary.feeds_with("not_modified")

    b, p = statistics.median(base), statistics.median(polled)
    print(f"first flow run (ephemeral Prefect start-up included): {first:.2f} s")
    print(f"flow run, 0 feeds:              median {b:.2f} s  (runs: {', '.join(f'{t:.2f}' for t in base)})")
    print(f"flow run, {args.feeds} feeds answering 304: median {p:.2f} s  (runs: {', '.join(f'{t:.2f}' for t in polled)})")
    print(f"cost of the {args.feeds} polls: {p - b:+.2f} s  (target: <= 1.00 s)")
    print(f"the same {args.feeds} polls without Prefect (plain pipeline, 4 threads): {plain:.2f} s "
          "(inside a flow they overlap Prefect's fixed end-of-run wait)")
    print(f"feeds not modified in the last run: {not_modified}/{args.feeds}; "
          f"feed requests: {feed_requests}; article fetches: {article_hits} (target: 0)")


if __name__ == "__main__":
    main()
