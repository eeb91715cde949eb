"""Small pure helpers of the feeds: error cleaning and entry building."""
from __future__ import annotations

import feedparser

from pledgewatch.feeds.entries import entry_from_parsed, plain_text
from pledgewatch.feeds.errors import clean_error, describe_fetch_error
from pledgewatch.fetch import FetchError


def test_clean_error_masks_url_secrets_and_keeps_one_line():
    msg = "failed\nfor https://user:pw@feeds.test/rss?token=abc123#x and http://ok.test/path"
    cleaned = clean_error(msg)
    assert "\n" not in cleaned and "abc123" not in cleaned and "pw" not in cleaned
    assert "https://***@feeds.test/rss?***" in cleaned and "http://ok.test/path" in cleaned
    assert len(clean_error("x" * 1000)) == 300


def test_deadline_overrun_reads_as_timed_out_without_the_url():
    exc = FetchError("took longer than the 0.5 s limit", "https://feeds.test/rss?key=SECRET")
    assert describe_fetch_error(exc) == "timed out (took longer than the 0.5 s limit)"


def test_plain_text_strips_markup_and_entities():
    assert plain_text("<p>Aid&nbsp;to <b>Ukraine</b> &amp; more</p>") == "Aid to Ukraine & more"
    assert plain_text(None) == ""


def test_entry_links_are_made_absolute_and_non_http_links_dropped():
    parsed = feedparser.parse(
        b"<rss version='2.0'><channel><title>t</title>"
        b"<item><title>A</title><link>/news/a?utm_campaign=x</link></item>"
        b"<item><title>B</title><link>javascript:alert(1)</link></item></channel></rss>"
    )
    a, b = (entry_from_parsed("f", raw, "https://site.test/feeds/rss.xml") for raw in parsed.entries)
    assert a.url == "https://site.test/news/a?utm_campaign=x" and a.canonical_url == "https://site.test/news/a"
    assert b.url is None and b.canonical_url is None and b.content_hash


def test_entry_date_is_iso_utc():
    parsed = feedparser.parse(
        b"<rss version='2.0'><channel><title>t</title><item><title>A</title><link>http://s.test/a</link>"
        b"<pubDate>Tue, 17 Nov 2026 09:30:00 -0500</pubDate></item></channel></rss>"
    )
    (entry,) = (entry_from_parsed("f", raw, "http://s.test/") for raw in parsed.entries)
    assert entry.published == "2026-11-17T14:30:00+00:00"
