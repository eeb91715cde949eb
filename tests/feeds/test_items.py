"""Choosing which feed items to fetch: keyword filter, de-duplication by GUID / canonical URL /
content hash, items already in the ledger, retries of failed fetches."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import func, select

from extractors.model import Article
from pledgewatch.feeds.articles import Skipped, record_outcome
from pledgewatch.feeds.config import FeedConfig
from pledgewatch.feeds.entries import FeedEntry, entry_hash
from pledgewatch.feeds.items import CLAIM_TIMEOUT, MAX_ATTEMPTS, keyword_miss, select_new
from pledgewatch.feeds.models import FeedItem
from pledgewatch.identity import canonical_url, content_hash
from pledgewatch.ledger.models import ArticleRow
from tests.feeds.conftest import T0

UKRAINE = (("ukrain", "kyiv"),)
FEED = FeedConfig("gov", "https://gov.test/rss", keywords=UKRAINE)
FEED_ANY = FeedConfig("gov", "https://gov.test/rss")


def entry(n: int, *, feed: str = "gov", url: str | None = None, guid: str | None = None,
          title: str | None = None, summary: str = "Canada announces support for Ukraine.") -> FeedEntry:
    url = url if url is not None else f"https://news.test/story-{n}"
    title = title if title is not None else f"Story {n} about Ukraine"
    return FeedEntry(
        feed_name=feed, guid=guid if guid is not None else f"urn:{feed}:{n}", url=url,
        canonical_url=canonical_url(url) if url else None, title=title, summary=summary,
        published=None, content_hash=entry_hash(title, summary),
    )


def rows(session) -> list[FeedItem]:
    return list(session.scalars(select(FeedItem).order_by(FeedItem.id)))


def test_keyword_groups_match_word_starts_case_insensitively():
    assert keyword_miss(UKRAINE, "UKRAINIAN soldiers") is None
    assert keyword_miss(UKRAINE, "Aid to Kyiv") is None
    assert keyword_miss(UKRAINE, "The Kyivan wine") is None  # a word start, by design
    assert "needs one of: ukrain, kyiv" in keyword_miss(UKRAINE, "Budget for Canada")
    both = (("ukrain",), ("canad", "ottawa"))
    assert keyword_miss(both, "Ottawa sends drones to Ukraine") is None
    assert keyword_miss(both, "Ukraine war update") is not None
    assert keyword_miss((), "anything") is None


def test_new_items_are_returned_once_and_recorded(session):
    first = select_new(session, FEED, [entry(1), entry(2)], now=T0)
    assert [e.guid for e in first] == ["urn:gov:1", "urn:gov:2"]
    assert all(e.item_id for e in first)
    assert [r.status for r in rows(session)] == ["new", "new"]
    for e in first:
        record_outcome(session, e, Article(text="t", source=e.url), now=T0)
    assert select_new(session, FEED, [entry(1), entry(2)], now=T0 + timedelta(hours=1)) == []
    assert len(rows(session)) == 2


def test_filtered_items_are_recorded_with_reason(session):
    chosen = select_new(session, FEED, [entry(1, title="Hockey night", summary="Leafs win")], now=T0)
    assert chosen == []
    (row,) = rows(session)
    assert row.status == "filtered" and "ukrain" in row.reason


def test_filtered_item_is_reconsidered_when_the_keywords_change(session):
    item = entry(1, title="Drones for the front", summary="Ottawa signs a contract")
    assert select_new(session, FEED, [item], now=T0) == []
    wider = FeedConfig("gov", FEED.url, keywords=(("ukrain", "drone"),))
    (again,) = select_new(session, wider, [item], now=T0 + timedelta(hours=1))
    assert again.item_id == rows(session)[0].id and rows(session)[0].status == "new"


def test_dedupe_by_guid_then_canonical_url_then_content_hash(session):
    select_new(session, FEED, [entry(1)], now=T0)
    record_outcome(session, entry(1), Article(text="t", source="s"), now=T0)
    same_guid_new_url = entry(1, url="https://news.test/story-1-updated")
    tracked_copy = entry(9, guid="urn:other", url="https://www.news.test/story-1/?utm_source=rss&fbclid=x")
    retitled_copy = entry(10, url="https://mirror.test/x", guid="urn:mirror")
    same_text = entry(11, url="https://mirror.test/y", guid="urn:mirror-2", title="Story 1 about Ukraine")
    assert same_text.content_hash == entry(1).content_hash
    chosen = select_new(session, FEED, [same_guid_new_url, tracked_copy, same_text, retitled_copy], now=T0)
    assert [e.guid for e in chosen] == ["urn:mirror"]  # only the genuinely different story


def test_same_story_in_two_feeds_is_fetched_once(session):
    other = FeedConfig("outlet", "https://outlet.test/rss", keywords=UKRAINE)
    a = select_new(session, FEED, [entry(1)], now=T0)
    b = select_new(session, other, [entry(1, feed="outlet", guid="urn:outlet:77")], now=T0)
    assert len(a) == 1 and b == []  # claimed by the first feed in this run
    assert len(rows(session)) == 1  # never two rows for one URL


def test_claim_left_unfinished_by_a_crashed_run_is_retried_later(session):
    (claimed,) = select_new(session, FEED, [entry(1)], now=T0)
    assert select_new(session, FEED, [entry(1)], now=T0 + CLAIM_TIMEOUT / 2) == []
    (again,) = select_new(session, FEED, [entry(1)], now=T0 + CLAIM_TIMEOUT * 2)
    assert again.item_id == claimed.item_id


def test_duplicates_inside_one_batch_are_dropped(session):
    chosen = select_new(session, FEED, [entry(1), entry(1, guid="urn:dup", url="https://news.test/story-1#top")], now=T0)
    assert len(chosen) == 1 and len(rows(session)) == 1


def test_same_title_and_summary_on_another_day_is_a_new_item(session):
    readout = dict(title="Prime Minister speaks with President of Ukraine", summary="The leaders spoke today.")
    monday = replace(entry(1, **readout), published="2026-11-16T15:00:00+00:00")
    monday = replace(monday, content_hash=entry_hash(monday.title, monday.summary, monday.published))
    thursday = replace(entry(2, **readout), published="2026-11-19T15:00:00+00:00")
    thursday = replace(thursday, content_hash=entry_hash(thursday.title, thursday.summary, thursday.published))
    copy = replace(monday, guid="urn:mirror", url="https://mirror.test/m", canonical_url="https://mirror.test/m")
    chosen = select_new(session, FEED_ANY, [monday, thursday, copy], now=T0)
    assert [e.guid for e in chosen] == [monday.guid, thursday.guid]


def test_item_already_in_the_ledger_is_never_fetched(session):
    url = "https://news.test/known"
    session.add(ArticleRow(url=url, canonical_url=canonical_url(url), content_hash=content_hash("known text"),
                           source=url, origin="backfill", text="known text"))
    session.flush()
    chosen = select_new(session, FEED, [entry(5, url=url + "?utm_medium=feed")], now=T0)
    assert chosen == []
    (row,) = rows(session)
    assert row.status == "skipped" and row.reason == "already in the ledger"


def test_item_without_link_is_recorded_as_skipped(session):
    item = FeedEntry("gov", "urn:gov:nolink", None, None, "Ukraine aid", "", None, entry_hash("Ukraine aid", ""))
    assert select_new(session, FEED, [item], now=T0) == []
    assert rows(session)[0].status == "skipped"


def test_failed_fetch_is_retried_a_few_times_then_given_up(session):
    for attempt in range(1, MAX_ATTEMPTS + 1):
        (chosen,) = select_new(session, FEED, [entry(1)], now=T0 + timedelta(hours=attempt))
        record_outcome(session, chosen, Skipped("timed out", "failed"), now=T0)
        assert rows(session)[0].attempts == attempt
    assert select_new(session, FEED, [entry(1)], now=T0 + timedelta(days=1)) == []
    assert rows(session)[0].status == "failed" and rows(session)[0].reason == "timed out"


def test_skipped_page_is_not_retried_and_keeps_its_reason(session):
    (chosen,) = select_new(session, FEED, [entry(1)], now=T0)
    record_outcome(session, chosen, Skipped("PDF, not an HTML article"), now=T0)
    assert select_new(session, FEED, [entry(1)], now=T0 + timedelta(hours=1)) == []
    assert rows(session)[0].reason == "PDF, not an HTML article"


def test_fetched_item_records_the_ledger_article(session):
    (chosen,) = select_new(session, FEED, [entry(1)], now=T0)
    url = chosen.url  # the ledger stores the article after the fetch
    article = ArticleRow(url=url, canonical_url=url, content_hash="h" * 64, source=url, origin="feed", text="x")
    session.add(article)
    session.flush()
    row = record_outcome(session, chosen, Article(text="x", source=url), article_id=article.id, now=T0)
    assert row.status == "fetched" and row.article_id == article.id
    session.commit()
    assert session.scalar(select(func.count()).select_from(FeedItem).where(FeedItem.status == "fetched")) == 1
