"""A whole feeds pass against a real local server where almost everything misbehaves: every feed and
every article ends with a recorded reason, the pass finishes, and a second pass loses nothing that
the first stored and fetches nothing twice."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from extractors.model import Article
from pledgewatch.db import session_scope
from pledgewatch.feeds.articles import fetch_articles, record_outcome
from pledgewatch.feeds.config import FeedConfig
from pledgewatch.feeds.items import select_new
from pledgewatch.feeds.models import FeedItem, FeedState
from pledgewatch.feeds.poll import PollResult, poll_feed
from pledgewatch.ledger.ingest import ingest_article
from pledgewatch.ledger.models import ArticleRow
from tests.feeds.conftest import T0
from tests.feeds.server import ATOM_TYPE, FeedServer, article_html, atom_xml, rss_xml

TIMEOUT = 0.5
TEXT = [
    "Canada will provide Ukraine with $500 million in additional military aid, the Minister of National "
    "Defence announced in Ottawa on Monday, including air defence systems and ammunition.",
    "The announcement follows a meeting of the Ukraine Defence Contact Group, where allies reviewed the "
    "needs of Ukrainian forces ahead of the winter months and agreed to coordinate deliveries.",
]
ARTICLE_PATHS = ["/a/good", "/a/latin1", "/a/binary", "/a/pdf", "/a/empty", "/a/huge", "/a/loop1", "/a/slow", "/a/missing"]


def build_site(srv: FeedServer) -> list[FeedConfig]:
    srv.page("/a/good", article_html("Canada sends air defence to Ukraine", TEXT))
    latin = article_html("Le Canada et l'Ukraine", [t + " Déjà annoncé à Kyïv." for t in TEXT])
    srv.page("/a/latin1", latin.encode("cp1252"), content_type="text/html; charset=windows-1252")
    srv.page("/a/binary", bytes(range(256)) * 40, content_type="application/octet-stream")
    srv.page("/a/pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n", content_type="application/pdf")
    srv.page("/a/empty", b"")
    srv.huge("/a/huge", 10_000_000)
    srv.redirect_loop("/a/loop1", "/a/loop2")
    srv.slow("/a/slow", 3.0, article_html("late", TEXT))
    srv.status("/a/missing", 404)
    items = [{"title": f"Ukraine aid story {p}", "link": srv.url(p), "guid": f"urn:{p}",
              "description": "Canada and Ukraine"} for p in ARTICLE_PATHS]
    items.append({"title": "Curling results", "link": srv.url("/a/sport"), "guid": "urn:sport", "description": "x"})
    srv.feed("/rss", rss_xml(items), etag='"rss-1"')
    srv.feed("/atom", atom_xml([{"title": "Atom: Ukraine", "link": srv.url("/a/good?utm_source=atom"), "id": "urn:atom:1"}]),
             content_type=ATOM_TYPE)
    srv.retry_after("/throttled", 3600)
    srv.status("/broken", 500)
    srv.slow("/silent", 3.0, rss_xml(items))
    srv.feed("/bozo", rss_xml(items[:1]).replace("</channel></rss>", "<item><title>Ukraine & "))
    srv.redirect_loop("/loop-a", "/loop-b")
    srv.page("/binary-feed", b"\x00\x01\x02\x03" * 500, content_type="application/octet-stream")
    srv.huge("/huge-feed", 10_000_000, content_type="application/rss+xml", declare_length=False)
    ukraine = (("ukrain",),)
    return [FeedConfig(name, srv.url(path), 30, ukraine) for name, path in [
        ("rss", "/rss"), ("atom", "/atom"), ("throttled", "/throttled"), ("broken", "/broken"),
        ("silent", "/silent"), ("bozo", "/bozo"), ("loop", "/loop-a"), ("binary", "/binary-feed"),
        ("huge", "/huge-feed"),
    ]]


def one_pass(engine, feeds, client, now) -> dict[str, PollResult]:
    """What a monitor run does with the feeds, each step in its own transaction."""
    results, chosen = {}, []
    for feed in feeds:
        with session_scope(engine) as session:
            result = poll_feed(session, feed, client, now=now, timeout=TIMEOUT)
            results[feed.name] = result
            if result.outcome == "ok":
                chosen += select_new(session, feed, result.items, now=now)
    for entry, outcome in fetch_articles(chosen, client, max_workers=4, timeout=TIMEOUT):
        with session_scope(engine) as session:
            article_id = None
            if isinstance(outcome, Article):
                article_id = ingest_article(session, outcome, [], "feed").article_id
            record_outcome(session, entry, outcome, article_id, now=now)
    return results


def snapshot(engine):
    with session_scope(engine) as s:
        items = {(r.feed_name, r.guid): (r.status, r.reason, r.article_id) for r in s.scalars(select(FeedItem))}
        articles = {r.id: (r.canonical_url, r.content_hash) for r in s.scalars(select(ArticleRow))}
        states = {r.name: (r.etag, r.consecutive_errors) for r in s.scalars(select(FeedState))}
    return items, articles, states


def test_every_failure_is_recorded_and_nothing_stored_is_lost(engine, server, client):
    feeds = build_site(server)
    first = one_pass(engine, feeds, client, T0)

    assert {n: r.outcome for n, r in first.items()} == {
        "rss": "ok", "atom": "ok", "throttled": "failed", "broken": "failed", "silent": "failed",
        "bozo": "ok", "loop": "failed", "binary": "failed", "huge": "failed",
    }
    assert first["throttled"].next_poll_at == T0 + timedelta(hours=1)
    assert "timed out" in first["silent"].error and "redirect" in first["loop"].error
    assert "limit" in first["huge"].error and first["binary"].error
    assert first["bozo"].bozo and first["bozo"].error.startswith("malformed feed")

    items, articles, states = snapshot(engine)
    by_path = {guid.removeprefix("urn:"): value for (_feed, guid), value in items.items()}
    assert by_path["/a/good"][0] == "fetched" and by_path["/a/good"][2] in articles
    assert by_path["/a/latin1"][0] == "fetched"
    assert by_path["/a/binary"][:1] == ("skipped",) and "binary" in by_path["/a/binary"][1]
    assert by_path["/a/pdf"][0] == "skipped" and "PDF" in by_path["/a/pdf"][1]
    assert by_path["/a/empty"][0] == "skipped" and "empty" in by_path["/a/empty"][1]
    assert by_path["/a/huge"][0] == "skipped" and "limit" in by_path["/a/huge"][1]
    assert by_path["/a/loop1"][0] == "skipped" and "redirect" in by_path["/a/loop1"][1]
    assert by_path["/a/slow"] == ("failed", by_path["/a/slow"][1], None) and "timed out" in by_path["/a/slow"][1]
    assert by_path["/a/missing"][:2] == ("skipped", "HTTP 404")
    assert by_path["sport"][0] == "filtered"
    # the Atom item points at the good page with a tracking parameter: recognised, not fetched again
    assert server.hits("/a/good") == 1 and ("atom", "urn:atom:1") not in items
    assert len(articles) == 2
    assert states["rss"] == ('"rss-1"', 0) and states["broken"] == (None, 1)

    # second pass: the good feed answers 304, failing feeds are backing off, the silent page is retried
    server.page("/a/slow", article_html("Late but here: Canada and Ukraine", TEXT))
    second = one_pass(engine, feeds, client, T0 + timedelta(minutes=30))
    assert second["rss"].outcome == "not_modified"
    assert {second[n].outcome for n in ("throttled", "broken", "silent", "loop", "binary", "huge")} == {"deferred"}
    items2, articles2, states2 = snapshot(engine)
    assert set(items) == set(items2) and set(articles) <= set(articles2)
    assert states2["rss"][0] == '"rss-1"'
    assert all(server.hits(p) == 1 for p in ARTICLE_PATHS if p != "/a/slow")

    # third pass, later: the feed changed (new etag); the timed-out item is fetched on its retry
    server.feed("/rss", rss_xml(
        [{"title": "Ukraine aid story /a/slow", "link": server.url("/a/slow"), "guid": "urn:/a/slow",
          "description": "Canada and Ukraine"}]), etag='"rss-2"')
    one_pass(engine, feeds, client, T0 + timedelta(hours=2))
    items3, articles3, _ = snapshot(engine)
    assert items3[("rss", "urn:/a/slow")][0] == "fetched" and len(articles3) == 3
    assert all(items3[k] == v for k, v in items2.items() if k != ("rss", "urn:/a/slow"))
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(ArticleRow)) == 3
