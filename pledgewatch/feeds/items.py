"""Which feed items are worth fetching: keyword filter and de-duplication.

An item is a duplicate when an earlier item has the same GUID in the same feed, the same canonical
URL (tracking parameters removed) in any feed, or the same title-and-summary hash; and it is not
fetched when the ledger already holds its article. Every item seen is written to `feed_items`
(filtered ones with the reason), so the next run recognises it without asking the network.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pledgewatch.feeds.backoff import utc_naive
from pledgewatch.feeds.config import FeedConfig
from pledgewatch.feeds.entries import FeedEntry
from pledgewatch.feeds.models import FeedItem

# A failed fetch (network, 5xx) is retried in later runs, this many attempts in all.
MAX_ATTEMPTS = 3
# An item handed out for fetching ("new") is not handed out again for this long, so the same story
# seen in two feeds of one run is fetched once; after it, the claim counts as abandoned (a crash).
CLAIM_TIMEOUT = timedelta(minutes=10)


@lru_cache(maxsize=512)
def _keyword_pattern(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word.casefold()))


def keyword_miss(keywords: Sequence[Sequence[str]], text: str) -> str | None:
    """None when `text` matches a word of every keyword group, else the reason it was filtered."""
    folded = text.casefold()
    for group in keywords:
        if not any(_keyword_pattern(word).search(folded) for word in group):
            return f"no keyword match (needs one of: {', '.join(group)})"
    return None


def _existing(session: Session, entry: FeedEntry) -> FeedItem | None:
    clauses = []
    if entry.guid:
        clauses.append((FeedItem.feed_name == entry.feed_name) & (FeedItem.guid == entry.guid))
    if entry.canonical_url:
        clauses.append(FeedItem.canonical_url == entry.canonical_url)
    if entry.content_hash:
        clauses.append(FeedItem.content_hash == entry.content_hash)
    if not clauses:
        return None
    return session.scalars(select(FeedItem).where(or_(*clauses)).order_by(FeedItem.id).limit(1)).first()


def _in_ledger(session: Session, entry: FeedEntry) -> bool:
    from pledgewatch.ledger.ingest import article_known

    # by URL only: the item's hash covers its title and summary, never an article's text
    return bool(entry.canonical_url) and article_known(session, url=entry.canonical_url)


def _record(session: Session, entry: FeedEntry, now: datetime, status: str, reason: str | None) -> FeedItem | None:
    """Insert the item; None when a concurrent run recorded it first (a duplicate after all)."""
    row = FeedItem(
        feed_name=entry.feed_name, guid=entry.guid, url=entry.url, canonical_url=entry.canonical_url,
        content_hash=entry.content_hash, title=entry.title or None, first_seen=now, updated_at=now,
        status=status, reason=reason, attempts=0,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return None
    return row


def _retryable(row: FeedItem, now: datetime) -> bool:
    """A failed fetch with attempts left, or a claim ("new") that an earlier run left unfinished."""
    if row.status == "failed":
        return (row.attempts or 0) < MAX_ATTEMPTS
    return row.status == "new" and row.updated_at <= now - CLAIM_TIMEOUT


def select_new(
    session: Session, feed: FeedConfig, entries: Iterable[FeedEntry], *, now: datetime | None = None
) -> list[FeedEntry]:
    """The entries to fetch, each carrying its `feed_items` row id; records every entry seen.

    An entry recorded earlier is returned again only when its fetch failed fewer than MAX_ATTEMPTS
    times, or was claimed more than CLAIM_TIMEOUT ago and never finished. Changes are flushed, not
    committed.
    """
    now = utc_naive(now)
    chosen: list[FeedEntry] = []
    chosen_ids: set[int] = set()
    for entry in entries:
        if not (entry.guid or entry.canonical_url or entry.content_hash):
            continue  # nothing to recognise it by, nor to fetch
        text = f"{entry.title}\n{entry.summary}"
        row = _existing(session, entry)
        if row is not None:
            revived = False
            if row.status == "filtered" and row.url and keyword_miss(feed.keywords, text) is None:
                # filtered under other keywords (another feed, or the analyst widened them)
                in_ledger = _in_ledger(session, entry)
                row.status, row.reason = ("skipped", "already in the ledger") if in_ledger else ("new", None)
                row.updated_at = now
                revived = not in_ledger
            if (revived or _retryable(row, now)) and row.url and row.id not in chosen_ids:
                row.updated_at = now  # claim it for this run
                chosen_ids.add(row.id)
                chosen.append(replace(entry, url=row.url, canonical_url=row.canonical_url, item_id=row.id))
            continue
        miss = keyword_miss(feed.keywords, text)
        if miss is not None:
            _record(session, entry, now, "filtered", miss)
            continue
        if entry.url is None:
            _record(session, entry, now, "skipped", "item has no link to an article")
            continue
        if _in_ledger(session, entry):
            _record(session, entry, now, "skipped", "already in the ledger")
            continue
        row = _record(session, entry, now, "new", None)
        if row is not None:
            session.flush()
            chosen_ids.add(row.id)
            chosen.append(replace(entry, item_id=row.id))
    session.flush()
    return chosen
