"""The read-only feed status view."""
from __future__ import annotations

from pledgewatch.feeds.config import FeedConfig
from pledgewatch.feeds.items import select_new
from pledgewatch.feeds.poll import poll_feed
from pledgewatch.feeds.status import feed_statuses
from tests.feeds.conftest import T0
from tests.feeds.server import rss_xml


def test_status_shows_health_and_item_counts(session, server, client):
    server.feed("/rss", rss_xml([
        {"title": "Ukraine aid", "link": "http://n.test/1", "guid": "urn:1"},
        {"title": "Weather", "link": "http://n.test/2", "guid": "urn:2"},
    ]))
    server.status("/down", 500)
    good = FeedConfig("good", server.url("/rss"), keywords=(("ukrain",),))
    select_new(session, good, poll_feed(session, good, client, now=T0).items, now=T0)
    poll_feed(session, FeedConfig("down", server.url("/down")), client, now=T0)
    down, ok = feed_statuses(session)
    assert (down.name, down.consecutive_errors, down.last_error, down.items) == ("down", 1, "HTTP 500", {})
    assert ok.name == "good" and ok.last_ok_at == T0 and ok.items == {"new": 1, "filtered": 1}
    assert set(ok.to_dict()) >= {"name", "next_poll_at", "items"}
