"""Two monitor passes at the same time on one ledger (two threads running the plain pipeline, as two
overlapping runs would) store each pledge once and alert each event once."""
from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import func, select

from pledgewatch import pipeline
from pledgewatch.db import session_scope
from tests.feeds.server import FeedServer, article_html, rss_xml
from tests.flows.articles import AMBULANCES, ARMOURED
from tests.flows.conftest import write_feeds
from tests.flows.receiver import AlertReceiver


def test_two_runs_at_once_create_no_duplicates(
    feed_server: FeedServer, receiver: AlertReceiver, db_url: str, tmp_path: Path
) -> None:
    from pledgewatch.feeds.config import load_feeds

    feed_server.feed("/a.rss", rss_xml([{"title": "Armoured", "link": feed_server.url("/armoured"), "guid": "1"}]))
    feed_server.feed("/b.rss", rss_xml([{"title": "Ambulances", "link": feed_server.url("/ambulances"), "guid": "2"},
                                       {"title": "Armoured again", "link": feed_server.url("/armoured"), "guid": "3"}]))
    feed_server.page("/armoured", article_html("Armoured", ARMOURED))
    feed_server.page("/ambulances", article_html("Ambulances", AMBULANCES))
    feeds = load_feeds(write_feeds(tmp_path / "feeds.toml", {"a": feed_server.url("/a.rss"), "b": feed_server.url("/b.rss")}))
    # The reference: one run alone, on its own ledger, without alert targets.
    reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
    pipeline.monitor_once(reference_url, feeds, pipeline.http_client(), force=True, timeout=5, targets=[])
    expected = _ledger_counts(reference_url)
    pipeline.ledger_engine(db_url)  # migrate once, as the flow's first task does

    results: list[pipeline.RunSummary] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def one_run(order: list) -> None:
        try:
            start.wait()
            results.append(pipeline.monitor_once(db_url, order, pipeline.http_client(), force=True, timeout=5))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one_run, args=(o,)) for o in (feeds, feeds[::-1])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)

    assert not errors, errors
    assert len(results) == 2
    assert sum(r.seeds_ingested for r in results) == 5  # each seed stored by exactly one of the runs
    got = _ledger_counts(db_url)
    assert got == expected  # same articles, pledges and events as one run alone: nothing twice
    assert got["feed articles"] == 2 and got["alertable events"] >= 2
    assert len(receiver.snapshot()) == got["alertable events"]  # each event alerted once, by one of the runs


def _ledger_counts(url: str) -> dict[str, int]:
    from pledgewatch.ledger.models import ArticleRow, EventRow, PledgeRow

    alertable = ("NEW", "CHANGED", "CONFLICT")
    with session_scope(pipeline.ledger_engine(url)) as s:
        return {
            "articles": s.scalar(select(func.count()).select_from(ArticleRow)),
            "feed articles": s.scalar(select(func.count()).select_from(ArticleRow).where(ArticleRow.origin == "feed")),
            "pledges": s.scalar(select(func.count()).select_from(PledgeRow)),
            "alertable events": s.scalar(select(func.count()).select_from(EventRow).where(
                EventRow.kind.in_(alertable), EventRow.baseline.is_(False))),
        }
