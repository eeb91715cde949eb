"""One monitor run against a local server where every feed or article misbehaves differently: the run
finishes, each reason is recorded (run summary and database), and nothing stored before is lost."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pledgewatch import pipeline
from pledgewatch.db import session_scope
from tests.feeds.server import FeedServer, article_html, atom_xml, rss_xml
from tests.flows.articles import AMBULANCES, ARMOURED, cp1252_page
from tests.flows.conftest import write_feeds

TIMEOUT = 1.5


def _ledger_snapshot(url: str) -> dict[str, set]:
    from pledgewatch.ledger.models import ArticleRow, EventRow, MentionRow, PledgeRow

    with session_scope(pipeline.ledger_engine(url)) as s:
        return {
            "articles": set(s.execute(select(ArticleRow.id, ArticleRow.content_hash, ArticleRow.origin)).all()),
            "pledges": set(s.execute(select(PledgeRow.id, PledgeRow.amount, PledgeRow.category, PledgeRow.status)).all()),
            "mentions": set(s.execute(select(MentionRow.id, MentionRow.pledge_id, MentionRow.article_id)).all()),
            "events": set(s.execute(select(EventRow.id, EventRow.kind, EventRow.pledge_id)).all()),
        }


def _serve_everything(srv: FeedServer) -> dict[str, str]:
    """Feeds for every failure case; returns feed name → URL."""
    # A feed already polled once (ETag stored): the run's poll must get 304.
    srv.feed("/cached.rss", rss_xml([{"title": "Old news", "link": srv.url("/old"), "guid": "old"}]), etag='"v1"')
    # A healthy Atom feed whose articles are good, non-UTF-8, binary, huge or failing.
    entries = [
        {"title": "Canada sends armoured vehicles to Ukraine", "link": srv.url("/a/armoured"), "id": "a1"},
        {"title": "Ambulances from Québec", "link": srv.url("/a/cp1252"), "id": "a2"},
        {"title": "A photo", "link": srv.url("/a/binary"), "id": "a3"},
        {"title": "An endless page", "link": srv.url("/a/huge"), "id": "a4"},
        {"title": "A broken server", "link": srv.url("/a/error"), "id": "a5"},
    ]
    srv.feed("/news.atom", atom_xml(entries), content_type="application/atom+xml")
    srv.page("/a/armoured", article_html("Canada sends armoured vehicles to Ukraine", ARMOURED))
    srv.page("/a/cp1252", cp1252_page("Ambulances from Québec", AMBULANCES), content_type="text/html")
    srv.page("/a/binary", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, content_type="image/png")
    srv.huge("/a/huge", 8_000_000)
    srv.status("/a/error", 500)
    # Feeds that fail outright.
    srv.retry_after("/limited.rss", 120)
    srv.status("/error.rss", 500)
    srv.slow("/slow.rss", TIMEOUT + 3, rss_xml([]))
    srv.feed("/malformed.rss", b"<?xml version='1.0'?><rss><channel><title>Half a feed<item><title>x</ti")
    srv.redirect_loop("/loop-a.rss", "/loop-b.rss")
    srv.page("/binary.rss", bytes(range(256)) * 200, content_type="application/octet-stream")
    srv.huge("/huge.rss", 9_000_000, content_type="application/rss+xml")
    paths = {
        "cached": "/cached.rss", "news": "/news.atom", "limited": "/limited.rss", "error": "/error.rss",
        "slow": "/slow.rss", "malformed": "/malformed.rss", "loop": "/loop-a.rss", "binary": "/binary.rss",
        "huge": "/huge.rss",
    }
    return {name: srv.url(path) for name, path in paths.items()}


@pytest.mark.slow
def test_every_failure_is_recorded_and_the_run_finishes(
    prefect_harness: None, feed_server: FeedServer, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.monitor import monitor
    from pledgewatch.feeds.config import load_feeds
    from pledgewatch.feeds.models import FeedItem, FeedState

    # An alert target that refuses connections: the alerts stay pending, the run still finishes.
    monkeypatch.setenv("PLEDGEWATCH_NOTIFY", "json://127.0.0.1:9/down?cto=1&rto=1")
    urls = _serve_everything(feed_server)
    feeds_file = write_feeds(tmp_path / "feeds.toml", urls)
    # Before the run: seeds in the ledger, and the cached feed polled once (its ETag stored).
    cached = [f for f in load_feeds(feeds_file) if f.name == "cached"]
    pipeline.monitor_once(db_url, cached, pipeline.http_client(), targets=[])
    before = _ledger_snapshot(db_url)
    assert before["articles"] and before["pledges"]

    summary = monitor(database_url=db_url, feeds_file=str(feeds_file), force=True, timeout=TIMEOUT, retry_delays=[0, 0])

    feeds = {f.name: f for f in summary.feeds}
    assert set(feeds) == set(urls)
    assert feeds["cached"].outcome == "not_modified"
    assert feeds["news"].outcome == "ok" and feeds["news"].new_entries == 5
    assert feeds["limited"].outcome == "failed" and "429" in feeds["limited"].reason and "retry after" in feeds["limited"].reason
    assert feeds["error"].outcome == "failed" and "HTTP 500" in feeds["error"].reason
    assert feeds["slow"].outcome == "failed" and "timed out" in feeds["slow"].reason
    assert feeds["malformed"].outcome in ("failed", "ok") and "malformed" in (feeds["malformed"].reason or "")
    assert feeds["loop"].outcome == "failed" and "redirect loop" in feeds["loop"].reason
    assert feeds["binary"].outcome == "failed" and feeds["binary"].reason
    assert feeds["huge"].outcome == "failed" and "limit" in feeds["huge"].reason

    articles = {a.source.rsplit("/", 1)[-1]: a for a in summary.articles}
    assert articles["armoured"].outcome == "new" and articles["armoured"].event_ids
    assert articles["cp1252"].outcome == "new"
    assert articles["binary"].outcome == "skipped" and articles["binary"].reason
    assert articles["huge"].outcome == "skipped" and "limit" in articles["huge"].reason
    assert articles["error"].outcome == "failed" and "HTTP 500" in articles["error"].reason
    assert feed_server.hits("/a/error") == 3  # first try and two retries
    assert summary.alerts_sent == 0 and summary.alerts_pending >= 1 and summary.alert_error is None

    with session_scope(pipeline.ledger_engine(db_url)) as s:
        states = {st.name: st for st in s.scalars(select(FeedState))}
        items = {i.url.rsplit("/", 1)[-1]: i for i in s.scalars(select(FeedItem)) if i.url}
        from pledgewatch.ledger.models import ArticleRow

        texts = [a.text for a in s.scalars(select(ArticleRow).where(ArticleRow.origin == "feed"))]
    for name in ("limited", "error", "slow", "loop", "binary", "huge"):
        assert states[name].last_error, name
        assert states[name].consecutive_errors == 1, name
    assert states["cached"].last_status == 304
    assert items["binary"].status == "skipped" and items["binary"].reason
    assert items["error"].status == "failed" and "500" in items["error"].reason
    assert items["armoured"].status == "fetched" and items["armoured"].article_id
    assert any("Québec" in t for t in texts)  # windows-1252 decoded, not mangled

    after = _ledger_snapshot(db_url)
    for table, rows in before.items():
        assert rows <= after[table], f"rows of {table} lost or changed"
