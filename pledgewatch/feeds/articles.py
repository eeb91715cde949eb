"""Fetching the articles behind feed items, and recording what became of each.

`fetch_entry_article` touches only the network and the parser (no database), so it can run in
threads or Prefect tasks side by side; `record_outcome` then writes the result in the caller's
session. A page that is not an article (binary, PDF, empty, too big, no text) comes back as a
`Skipped` with the reason, never as an exception: one bad page never stops a run.
"""
from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors.model import Article
from pledgewatch.feeds.backoff import utc_naive
from pledgewatch.feeds.entries import FeedEntry
from pledgewatch.feeds.errors import clean_error, describe_fetch_error
from pledgewatch.feeds.models import FeedItem
from pledgewatch.fetch import FetchError, fetch_url
from pledgewatch.inputs import InputError, article_from_bytes

ARTICLE_MAX_BYTES = 5_000_000
ARTICLE_TIMEOUT = 20.0
# HTTP answers worth another try in a later run; any other non-2xx status is final.
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
# FetchError texts that describe the page itself rather than a passing network problem.
_PERMANENT_FETCH_ERRORS = ("byte limit", "redirect", "not an http", "invalid url")


@dataclass(frozen=True)
class Skipped:
    """An item whose article was not obtained. `status` is "skipped" (the page is not an article, or
    will not become one) or "failed" (a network or server problem worth retrying later)."""

    reason: str
    status: str = "skipped"


def _fetch_error_outcome(exc: FetchError) -> Skipped:
    message = describe_fetch_error(exc)
    lowered = message.lower()
    permanent = any(marker in lowered for marker in _PERMANENT_FETCH_ERRORS)
    return Skipped(message, "skipped" if permanent else "failed")


def fetch_entry_article(
    entry: FeedEntry,
    client: httpx.Client | None,
    *,
    max_bytes: int = ARTICLE_MAX_BYTES,
    timeout: float = ARTICLE_TIMEOUT,
) -> Article | Skipped:
    """Download and read the article an item links to. Never raises for network or content problems."""
    if not entry.url:
        return Skipped("item has no link to an article")
    try:
        page = fetch_url(entry.url, client=client, timeout=timeout, max_bytes=max_bytes)
    except FetchError as exc:
        return _fetch_error_outcome(exc)
    if not 200 <= page.status_code < 300:
        status = "failed" if page.status_code in RETRYABLE_STATUSES else "skipped"
        return Skipped(f"HTTP {page.status_code}", status)
    try:
        article = article_from_bytes(
            page.content, content_type=page.content_type, source=entry.url, url=page.final_url or entry.url
        )
    except InputError as exc:
        return Skipped(clean_error(exc))
    # the page's own metadata wins; the feed fills what the page does not say
    filled = {}
    if article.title is None and entry.title:
        filled["title"] = entry.title
    if article.date is None and entry.published:
        filled["date"] = entry.published
    return replace(article, **filled) if filled else article


def fetch_articles(
    entries: Sequence[FeedEntry],
    client: httpx.Client | None,
    *,
    max_workers: int = 8,
    max_bytes: int = ARTICLE_MAX_BYTES,
    timeout: float = ARTICLE_TIMEOUT,
) -> list[tuple[FeedEntry, Article | Skipped]]:
    """Fetch the articles of `entries` with at most `max_workers` downloads at a time, in input order.

    An unexpected exception in one fetch (a parser bug) becomes a "failed" outcome for that entry only.
    """
    if not entries:
        return []

    def one(entry: FeedEntry) -> Article | Skipped:
        try:
            return fetch_entry_article(entry, client, max_bytes=max_bytes, timeout=timeout)
        except Exception as exc:  # noqa: BLE001 - isolate one bad page from the rest of the run
            return Skipped(clean_error(f"unexpected error: {type(exc).__name__}: {exc}"), "failed")

    with ThreadPoolExecutor(max_workers=max(1, min(max_workers, len(entries)))) as pool:
        outcomes = list(pool.map(one, entries))
    return list(zip(entries, outcomes))


def _item_for(session: Session, entry: FeedEntry) -> FeedItem | None:
    if entry.item_id is not None:
        return session.get(FeedItem, entry.item_id)
    if entry.guid:
        row = session.scalars(
            select(FeedItem).where(FeedItem.feed_name == entry.feed_name, FeedItem.guid == entry.guid)
        ).first()
        if row is not None:
            return row
    if entry.canonical_url:
        return session.scalars(select(FeedItem).where(FeedItem.canonical_url == entry.canonical_url)).first()
    return None


def record_outcome(
    session: Session,
    entry: FeedEntry,
    outcome: Article | Skipped,
    article_id: int | None = None,
    *,
    now: datetime | None = None,
) -> FeedItem | None:
    """Mark the entry's `feed_items` row fetched (with the ledger's article id), skipped or failed.

    Returns the row, or None if the entry was never recorded by `select_new`. Flushed, not committed.
    """
    row = _item_for(session, entry)
    if row is None:
        return None
    row.attempts = (row.attempts or 0) + 1
    row.updated_at = utc_naive(now)
    if isinstance(outcome, Skipped):
        row.status = outcome.status
        row.reason = clean_error(outcome.reason)
    else:
        row.status = "fetched"
        row.reason = None
        row.article_id = article_id
    session.flush()
    return row
