"""Fetching the articles behind feed items from a real local server: pages that are articles, and
every kind of page that is not (binary, PDF, empty, huge, redirect loop, silent server)."""
from __future__ import annotations

from extractors.model import Article
from pledgewatch.feeds.articles import Skipped, fetch_articles, fetch_entry_article
from pledgewatch.feeds.entries import FeedEntry, entry_hash
from pledgewatch.identity import canonical_url
from tests.feeds.server import article_html

PARAGRAPHS = [
    "Prime Minister Mark Carney announced on Tuesday that Canada will provide $2 billion in new military "
    "assistance to Ukraine, including armoured vehicles, drones and ammunition.",
    "The package, announced after a meeting with President Volodymyr Zelenskyy in Ottawa, brings Canada's "
    "total military support to Ukraine to more than $21 billion since February 2022.",
    "Officials said the first deliveries are expected before the end of the year, and that training of "
    "Ukrainian soldiers by the Canadian Armed Forces will continue under Operation UNIFIER.",
]


def entry_for(url: str | None, title: str = "Canada pledges new aid to Ukraine") -> FeedEntry:
    return FeedEntry(
        feed_name="test", guid=url, url=url, canonical_url=canonical_url(url) if url else None,
        title=title, summary="", published=None, content_hash=entry_hash(title, ""),
    )


def test_article_page_is_read(server, client):
    server.page("/news/aid", article_html("Canada pledges $2 billion to Ukraine", PARAGRAPHS))
    outcome = fetch_entry_article(entry_for(server.url("/news/aid")), client)
    assert isinstance(outcome, Article)
    assert "Operation UNIFIER" in outcome.text
    assert outcome.title == "Canada pledges $2 billion to Ukraine"


def test_non_utf8_page_is_decoded_from_its_charset(server, client):
    html = article_html("Aide du Canada à l'Ukraine", [p.replace("Ukraine", "l'Ukraine déjà") for p in PARAGRAPHS])
    server.page("/news/latin1", html.replace("charset='utf-8'", "charset='iso-8859-1'").encode("latin-1"),
                content_type="text/html; charset=ISO-8859-1")
    outcome = fetch_entry_article(entry_for(server.url("/news/latin1")), client)
    assert isinstance(outcome, Article)
    assert "déjà" in outcome.text and "\ufffd" not in outcome.text


def test_binary_body_is_skipped_with_reason(server, client):
    server.page("/file.bin", bytes(range(256)) * 64, content_type="application/octet-stream")
    outcome = fetch_entry_article(entry_for(server.url("/file.bin")), client)
    assert isinstance(outcome, Skipped) and outcome.status == "skipped" and "binary" in outcome.reason


def test_pdf_is_skipped_with_reason(server, client):
    server.page("/report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", content_type="application/pdf")
    outcome = fetch_entry_article(entry_for(server.url("/report.pdf")), client)
    assert isinstance(outcome, Skipped) and outcome.status == "skipped" and "PDF" in outcome.reason


def test_empty_page_is_skipped(server, client):
    server.page("/empty", b"")
    outcome = fetch_entry_article(entry_for(server.url("/empty")), client)
    assert isinstance(outcome, Skipped) and outcome.status == "skipped" and "empty" in outcome.reason


def test_ten_megabyte_page_is_skipped_as_too_big(server, client):
    server.huge("/huge", 10_000_000)
    outcome = fetch_entry_article(entry_for(server.url("/huge")), client)
    assert isinstance(outcome, Skipped) and outcome.status == "skipped" and "limit" in outcome.reason


def test_huge_page_without_length_is_cut_at_the_cap(server, client):
    server.huge("/huge", 10_000_000, declare_length=False)
    outcome = fetch_entry_article(entry_for(server.url("/huge")), client, max_bytes=1_000_000)
    assert isinstance(outcome, Skipped) and outcome.status == "skipped" and "limit" in outcome.reason


def test_redirect_loop_is_skipped(server, client):
    server.redirect_loop("/a", "/b")
    outcome = fetch_entry_article(entry_for(server.url("/a")), client)
    assert isinstance(outcome, Skipped) and outcome.status == "skipped" and "redirect" in outcome.reason


def test_silent_server_fails_as_timed_out_and_is_retryable(server, client):
    server.slow("/slow", 3.0, article_html("t", PARAGRAPHS))
    outcome = fetch_entry_article(entry_for(server.url("/slow")), client, timeout=0.3)
    assert isinstance(outcome, Skipped) and outcome.status == "failed" and "timed out" in outcome.reason


def test_http_errors_split_into_final_and_retryable(server, client):
    server.status("/gone", 404)
    server.status("/broken", 500)
    gone = fetch_entry_article(entry_for(server.url("/gone")), client)
    broken = fetch_entry_article(entry_for(server.url("/broken")), client)
    assert gone == Skipped("HTTP 404", "skipped")
    assert broken == Skipped("HTTP 500", "failed")


def test_entry_without_link_is_skipped(client):
    assert fetch_entry_article(entry_for(None), client) == Skipped("item has no link to an article")


def test_fetch_articles_runs_concurrently_in_order_and_isolates_failures(server, client):
    for i in range(6):
        server.slow(f"/news/{i}", 0.3, article_html(f"Story {i}", PARAGRAPHS))
    server.page("/bad", b"\x00\x01\x02" * 100, content_type="application/octet-stream")
    entries = [entry_for(server.url(f"/news/{i}"), title=f"Story {i}") for i in range(6)]
    entries.insert(3, entry_for(server.url("/bad")))
    results = fetch_articles(entries, client, max_workers=3)
    assert [e for e, _ in results] == entries
    kinds = [type(o).__name__ for _, o in results]
    assert kinds == ["Article"] * 3 + ["Skipped"] + ["Article"] * 3
    # the server saw several requests at once, never more than the bound
    assert 2 <= server.max_in_flight <= 3


def test_fetch_articles_with_one_worker_is_serial(server, client):
    for i in range(3):
        server.slow(f"/news/{i}", 0.1, article_html(f"Story {i}", PARAGRAPHS))
    entries = [entry_for(server.url(f"/news/{i}"), title=f"Story {i}") for i in range(3)]
    assert all(isinstance(o, Article) for _, o in fetch_articles(entries, client, max_workers=1))
    assert server.max_in_flight == 1


def test_fetch_articles_of_nothing_is_nothing(client):
    assert fetch_articles([], client) == []


def test_feed_date_fills_a_page_without_one(server, client):
    server.page("/news/nodate", article_html("Canada pledges $2 billion to Ukraine", PARAGRAPHS))
    dated = FeedEntry("test", "urn:x", server.url("/news/nodate"), None, "t", "", "2026-11-17T14:30:00+00:00", None)
    outcome = fetch_entry_article(dated, client)
    assert isinstance(outcome, Article) and outcome.date == "2026-11-17T14:30:00+00:00"
