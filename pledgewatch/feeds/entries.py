"""Feed items as plain data: what pledgewatch keeps of an RSS/Atom entry to decide whether to fetch it.

feedparser gives loose dictionaries whose keys depend on the format; `FeedEntry` fixes the few fields
that matter (GUID, link, title, summary) and the two identities used for de-duplication: the
canonical URL and a hash of the title and summary.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from pledgewatch.identity import canonical_url, content_hash

# Kept well under PostgreSQL's limit for an index entry (about 2,700 bytes), even for Cyrillic text.
MAX_GUID = 500
MAX_URL = 1000
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed. `item_id` is the `feed_items` row once `select_new` has recorded it."""

    feed_name: str
    guid: str | None
    url: str | None
    canonical_url: str | None
    title: str
    summary: str
    published: str | None  # ISO datetime (UTC) when the feed gives one
    content_hash: str | None
    item_id: int | None = None


def plain_text(fragment: str | None) -> str:
    """Feed summaries are often HTML: keep the words only, for keyword matching and hashing."""
    if not fragment:
        return ""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def entry_hash(title: str, summary: str, published: str | None = None) -> str | None:
    """The item's content hash: title, summary and publication day; None when the item has no text.

    The day is part of it because official feeds repeat titles and summaries word for word (readouts
    of calls with the same president on different days): without it a new readout would pass for a
    copy of the last one and never be fetched. A copy that is missed costs one extra fetch, since the
    ledger recognises the article by its text hash anyway.
    """
    if not title and not summary:
        return None
    return content_hash(f"{title}\n{summary}\n{(published or '')[:10]}")


def _iso_time(parsed: Any) -> str | None:
    """feedparser's UTC struct_time as an ISO datetime, the form the ledger reads."""
    try:
        return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat() if parsed else None
    except (TypeError, ValueError):
        return None


def _http_link(link: Any, base: str) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    absolute = urljoin(base, link.strip())
    if urlsplit(absolute).scheme not in ("http", "https"):
        return None
    return absolute


def entry_from_parsed(feed_name: str, raw: Any, base_url: str) -> FeedEntry:
    """A FeedEntry from one feedparser entry; relative links are resolved against the feed's URL."""
    title = plain_text(raw.get("title"))
    summary = plain_text(raw.get("summary"))
    url = _http_link(raw.get("link"), base_url)
    guid = raw.get("id") or raw.get("guid")
    guid = guid.strip()[:MAX_GUID] if isinstance(guid, str) and guid.strip() else None
    published = _iso_time(raw.get("published_parsed") or raw.get("updated_parsed"))
    return FeedEntry(
        feed_name=feed_name,
        guid=guid,
        url=url,
        canonical_url=canonical_url(url)[:MAX_URL] if url else None,
        title=title,
        summary=summary,
        published=published,
        content_hash=entry_hash(title, summary, published),
    )
