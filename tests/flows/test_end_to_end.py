"""End to end through Prefect: seeds, then a feed publishes one article with a new pledge → exactly one
NEW alert at a real local receiver; another run → none; the same article backfilled by hand → none."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.feeds.server import FeedServer, article_html, rss_xml
from tests.flows.articles import ARMOURED
from tests.flows.conftest import write_feeds
from tests.flows.receiver import AlertReceiver

TITLE = "Canada sends armoured vehicles to Ukraine"


@pytest.mark.slow
def test_one_new_pledge_gives_exactly_one_alert(
    prefect_harness: None, feed_server: FeedServer, receiver: AlertReceiver, db_url: str, tmp_path: Path
) -> None:
    from flows.backfill import backfill
    from flows.monitor import monitor

    feeds_file = write_feeds(tmp_path / "feeds.toml", {"news": feed_server.url("/news.rss")})
    feed_server.feed("/news.rss", rss_xml([]), etag='"empty"')
    run = dict(database_url=db_url, feeds_file=str(feeds_file), force=True, timeout=5.0)

    first = monitor(**run)
    assert first.seeds_ingested == 5
    assert receiver.snapshot() == []  # the seeds are the baseline: recorded, not alerted

    page = article_html(TITLE, ARMOURED)
    article_url = feed_server.url("/2026/armoured?utm_source=rss")
    feed_server.page("/2026/armoured?utm_source=rss", page)
    feed_server.page("/2026/armoured", page)
    feed_server.feed("/news.rss", rss_xml([{"title": TITLE, "link": article_url, "guid": "armoured-1"}]), etag='"one"')

    second = monitor(**run)
    assert second.seeds_ingested == 0
    assert second.articles_new == 1 and second.alerts_sent == 1
    assert second.events_by_kind.get("NEW", 0) >= 1
    alertable = sum(n for kind, n in second.events_by_kind.items() if kind in ("NEW", "CHANGED", "CONFLICT"))
    messages = receiver.snapshot()
    assert len(messages) == 1 == alertable
    body = f"{messages[0].get('title', '')} {messages[0].get('message', '')}"
    assert "NEW" in body.upper() and "325" in body

    third = monitor(**run)
    assert [f.outcome for f in third.feeds] == ["not_modified"]
    assert third.alerts_sent == 0 and len(receiver.snapshot()) == 1

    saved = tmp_path / "armoured.html"
    saved.write_text(page, encoding="utf-8")
    by_hand = backfill(inputs=[feed_server.url("/2026/armoured"), str(saved)], database_url=db_url)
    assert [a.outcome for a in by_hand.articles] == ["unchanged", "unchanged"]
    assert by_hand.alerts_sent == 0 and len(receiver.snapshot()) == 1
