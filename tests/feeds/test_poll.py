"""Polling a feed against a real local server: conditional GET, errors, back-off, malformed XML."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from pledgewatch.feeds.backoff import poll_delay
from pledgewatch.feeds.config import FeedConfig
from pledgewatch.feeds.models import FeedState
from pledgewatch.feeds.poll import poll_feed
from tests.feeds.conftest import T0
from tests.feeds.server import ATOM_TYPE, atom_xml, rss_xml

ITEMS = [
    {"title": "Canada announces new aid for Ukraine", "link": "http://news.test/a1", "guid": "urn:news:1",
     "description": "Ottawa will send $500 million in military aid to Ukraine."},
    {"title": "Kyiv thanks Canada", "link": "http://news.test/a2?utm_source=rss", "guid": "urn:news:2",
     "description": "Ukrainian officials welcomed the package."},
]


def _state(session, name):
    return session.scalars(select(FeedState).where(FeedState.name == name)).one()


def test_second_poll_sends_validators_and_a_304_costs_nothing(session, server, client):
    server.feed("/rss", rss_xml(ITEMS), etag='"v1"', last_modified="Sat, 21 Nov 2026 11:00:00 GMT")
    feed = FeedConfig("demo", server.url("/rss"), interval_minutes=30)

    first = poll_feed(session, feed, client, now=T0)
    assert first.outcome == "ok" and first.status_code == 200
    assert [e.guid for e in first.items] == ["urn:news:1", "urn:news:2"]
    assert first.items[1].canonical_url == "http://news.test/a2"  # tracking parameter gone
    assert _state(session, "demo").etag == '"v1"'

    second = poll_feed(session, feed, client, now=T0 + timedelta(minutes=30))
    assert second.outcome == "not_modified" and second.status_code == 304 and second.items == []
    sent = server.requests_for("/rss")[-1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Sat, 21 Nov 2026 11:00:00 GMT"
    assert "pledgewatch" in sent["user-agent"]
    state = _state(session, "demo")
    assert state.etag == '"v1"' and state.consecutive_errors == 0 and state.last_status == 304


def test_atom_feed_is_read(session, server, client):
    server.feed("/atom", atom_xml([{"title": "Canada and Ukraine sign accord", "link": "/news/1", "id": "urn:1",
                                    "summary": "<b>Defence</b> cooperation"}]), content_type=ATOM_TYPE)
    result = poll_feed(session, FeedConfig("atom", server.url("/atom")), client, now=T0)
    assert result.outcome == "ok"
    (entry,) = result.items
    assert entry.url == server.url("/news/1")  # relative link resolved against the feed
    assert entry.summary == "Defence cooperation" and entry.guid == "urn:1"


def test_a_feed_not_due_is_deferred_without_a_request(session, server, client):
    server.feed("/rss", rss_xml(ITEMS))
    feed = FeedConfig("demo", server.url("/rss"), interval_minutes=60)
    poll_feed(session, feed, client, now=T0)
    result = poll_feed(session, feed, client, now=T0 + timedelta(minutes=20))
    assert result.outcome == "deferred" and "not due" in result.error
    assert server.hits("/rss") == 1
    # cron jitter: a poll a minute early is still due
    assert poll_feed(session, feed, client, now=T0 + timedelta(minutes=59)).outcome == "ok"


def test_server_error_backs_off_and_recovers(session, server, client):
    server.status("/rss", 500)
    feed = FeedConfig("flaky", server.url("/rss"), interval_minutes=30)
    now = T0
    for errors in (1, 2, 3):
        result = poll_feed(session, feed, client, now=now)
        assert result.outcome == "failed" and result.status_code == 500 and result.error == "HTTP 500"
        assert result.consecutive_errors == errors
        assert result.next_poll_at == now + poll_delay(30, errors)
        assert "consecutive error" in result.summary()
        # polled again before the back-off ends: deferred, no request
        early = poll_feed(session, feed, client, now=now + timedelta(minutes=31))
        assert early.outcome == "deferred" and "backing off" in early.error
        now = result.next_poll_at
    assert server.hits("/rss") == 3
    server.feed("/rss", rss_xml(ITEMS))
    healed = poll_feed(session, feed, client, now=now)
    assert healed.outcome == "ok" and healed.consecutive_errors == 0
    assert _state(session, "flaky").last_error is None


def test_back_off_is_capped():
    assert poll_delay(30, 0) == timedelta(minutes=30)
    assert poll_delay(30, 1) == timedelta(minutes=60)
    assert poll_delay(30, 50) == timedelta(hours=24)


def test_429_retry_after_seconds_is_respected(session, server, client):
    server.retry_after("/rss", 7200)  # two hours: longer than the first back-off step
    feed = FeedConfig("busy", server.url("/rss"), interval_minutes=15)
    result = poll_feed(session, feed, client, now=T0)
    assert result.outcome == "failed" and result.status_code == 429
    assert result.next_poll_at == T0 + timedelta(hours=2)
    assert poll_feed(session, feed, client, now=T0 + timedelta(minutes=90)).outcome == "deferred"
    assert server.hits("/rss") == 1


def test_503_retry_after_http_date_is_respected(session, server, client):
    server.retry_after("/rss", "Sat, 21 Nov 2026 15:30:00 GMT", code=503)
    result = poll_feed(session, FeedConfig("down", server.url("/rss")), client, now=T0)
    assert result.status_code == 503 and result.next_poll_at == T0.replace(hour=15, minute=30)


def test_timeout_fails_fast_with_a_clear_reason(session, server, client):
    server.slow("/rss", 3.0, rss_xml(ITEMS))
    result = poll_feed(session, FeedConfig("silent", server.url("/rss")), client, now=T0, timeout=0.3)
    assert result.outcome == "failed" and "timed out" in result.error
    assert _state(session, "silent").consecutive_errors == 1


def test_dripping_server_is_cut_at_the_deadline(session, server, client):
    server.drip("/rss", rss_xml(ITEMS), interval=0.05)
    result = poll_feed(session, FeedConfig("drip", server.url("/rss")), client, now=T0, timeout=0.4)
    assert result.outcome == "failed" and "timed out" in result.error


def test_malformed_feed_is_parsed_as_far_as_it_goes(session, server, client):
    broken = rss_xml(ITEMS).replace("</channel></rss>", "<item><title>unterminated & broken")
    server.feed("/rss", broken)
    result = poll_feed(session, FeedConfig("bozo", server.url("/rss")), client, now=T0)
    assert result.outcome == "ok" and result.bozo
    assert result.error.startswith("malformed feed")
    assert [e.guid for e in result.items][:2] == ["urn:news:1", "urn:news:2"]
    assert _state(session, "bozo").consecutive_errors == 0


def test_html_page_instead_of_a_feed_fails(session, server, client):
    server.page("/rss", "<html><body><p>We moved our feeds.</p></body></html>")
    result = poll_feed(session, FeedConfig("moved", server.url("/rss")), client, now=T0)
    assert result.outcome == "failed" and result.error == "not an RSS or Atom feed (text/html)"
    assert result.consecutive_errors == 1


def test_redirect_loop_fails_with_reason(session, server, client):
    server.redirect_loop("/a", "/b")
    result = poll_feed(session, FeedConfig("loop", server.url("/a")), client, now=T0)
    assert result.outcome == "failed" and "redirect" in result.error


def test_huge_feed_is_refused(session, server, client):
    server.huge("/rss", 3_000_000, content_type="application/rss+xml", declare_length=False)
    result = poll_feed(session, FeedConfig("huge", server.url("/rss")), client, now=T0, max_bytes=1_000_000)
    assert result.outcome == "failed" and "limit" in result.error


def test_unreachable_feed_fails_without_raising(session, client):
    from tests.conftest import port_open
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert not port_open("127.0.0.1", port)
    result = poll_feed(session, FeedConfig("gone", f"http://127.0.0.1:{port}/rss?token=SECRET"), client, now=T0)
    assert result.outcome == "failed" and "SECRET" not in result.error
    assert "SECRET" not in (_state(session, "gone").last_error or "")


def test_changed_url_forgets_the_old_validators(session, server, client):
    server.feed("/old", rss_xml(ITEMS), etag='"old"')
    server.feed("/new", rss_xml(ITEMS), etag='"new"')
    poll_feed(session, FeedConfig("moving", server.url("/old")), client, now=T0)
    result = poll_feed(session, FeedConfig("moving", server.url("/new")), client, now=T0 + timedelta(hours=1))
    assert result.outcome == "ok"
    assert "if-none-match" not in server.requests_for("/new")[0].headers


def test_feed_served_with_a_loose_content_type_is_not_reported_as_malformed(session, server, client):
    server.feed("/rss", rss_xml(ITEMS), content_type="text/html")
    result = poll_feed(session, FeedConfig("loose", server.url("/rss")), client, now=T0)
    assert result.outcome == "ok" and not result.bozo and result.error is None and len(result.items) == 2


def test_non_utf8_feed_is_decoded_from_its_declaration(session, server, client):
    xml = rss_xml([{"title": "Канада надає Україні допомогу", "link": "http://news.test/ua", "guid": "urn:ua"}])
    xml = xml.replace('encoding="utf-8"', 'encoding="windows-1251"')
    server.feed("/rss", xml.encode("cp1251"), content_type="application/rss+xml; charset=windows-1251")
    result = poll_feed(session, FeedConfig("ua", server.url("/rss")), client, now=T0)
    assert result.outcome == "ok" and result.items[0].title == "Канада надає Україні допомогу"


def test_state_row_created_by_another_run_meanwhile_is_reused(engine, server, client):
    """Two runs polling a new feed at once: the second insert of its state row is ignored, not fatal."""
    from pledgewatch.db import session_scope
    from pledgewatch.feeds.poll import _insert_ignoring_duplicate

    server.feed("/rss", rss_xml(ITEMS))
    feed = FeedConfig("raced", server.url("/rss"))
    with session_scope(engine) as first:
        assert poll_feed(first, feed, client, now=T0).outcome == "ok"
    with session_scope(engine) as second:
        _insert_ignoring_duplicate(second, feed)  # what the slower run does after its empty lookup
        result = poll_feed(second, feed, client, now=T0 + timedelta(hours=1))
        assert result.outcome == "ok"
        assert len(second.scalars(select(FeedState).where(FeedState.name == "raced")).all()) == 1
