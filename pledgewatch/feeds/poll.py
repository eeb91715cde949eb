"""Polling one feed: conditional GET, Retry-After, back-off, and tolerant parsing.

The feed is fetched with httpx through `pledgewatch.fetch` (deadline, size cap, User-Agent) and the
bytes are handed to feedparser, which has no timeout of its own. ETag and Last-Modified are kept per
feed so that an unchanged feed costs one 304 and nothing more. Every problem (network, HTTP status,
unreadable XML) becomes a `PollResult` with a one-line reason; `poll_feed` never raises for them, so
one broken outlet cannot stop a run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import feedparser
import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from pledgewatch.feeds.backoff import next_poll_after_error, parse_retry_after, utc_naive
from pledgewatch.feeds.config import FeedConfig
from pledgewatch.feeds.entries import FeedEntry, entry_from_parsed
from pledgewatch.feeds.errors import clean_error, describe_fetch_error
from pledgewatch.feeds.models import FeedState
from pledgewatch.fetch import FetchError, fetch_url

FEED_MAX_BYTES = 5_000_000
FEED_TIMEOUT = 15.0
# A healthy feed polled a little before its interval is up (cron jitter) is still due.
DUE_GRACE = timedelta(minutes=2)
RETRY_AFTER_STATUSES = (429, 503)
# feedparser flags these although the entries are fine: a charset or content-type label mismatch.
_HARMLESS_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclass
class PollResult:
    """What one poll of one feed gave. `outcome` is ok, not_modified, failed or deferred (not polled:
    backing off, Retry-After not yet passed, or not due yet; `error` says which)."""

    feed: str
    outcome: str
    status_code: int | None = None
    items: list[FeedEntry] = field(default_factory=list)
    bozo: bool = False
    error: str | None = None
    consecutive_errors: int = 0
    next_poll_at: datetime | None = None

    def summary(self) -> str:
        """One line for the run summary."""
        parts = [f"{self.feed}: {self.outcome}"]
        if self.status_code is not None:
            parts.append(f"HTTP {self.status_code}")
        if self.outcome == "ok":
            parts.append(f"{len(self.items)} item(s)")
        if self.error:
            parts.append(self.error)
        if self.consecutive_errors and self.next_poll_at is not None:
            parts.append(
                f"{self.consecutive_errors} consecutive error(s), next poll {self.next_poll_at:%Y-%m-%d %H:%M} UTC"
            )
        return "; ".join(parts)


def _insert_ignoring_duplicate(session: Session, feed: FeedConfig) -> None:
    """Create the feed's state row unless another run just did (two runs at once must not fail)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(
        insert(FeedState)
        .values(name=feed.name, url=feed.url, consecutive_errors=0)
        .on_conflict_do_nothing(index_elements=["name"])
    )


def _state_for(session: Session, feed: FeedConfig) -> FeedState:
    query = select(FeedState).where(FeedState.name == feed.name)
    state = session.scalars(query).one_or_none()
    if state is None:
        _insert_ignoring_duplicate(session, feed)
        state = session.scalars(query).one()
    if state.url != feed.url:  # the analyst pointed the feed elsewhere: old validators are void
        state.url = feed.url
        state.etag = None
        state.last_modified = None
        state.consecutive_errors = 0
        state.next_poll_at = None
    return state


def _deferral(state: FeedState, now: datetime) -> str | None:
    """Why the feed must not be polled now, or None when it is due."""
    if state.next_poll_at is None:
        return None
    if state.consecutive_errors:
        if now < state.next_poll_at:
            return (
                f"backing off after {state.consecutive_errors} consecutive error(s) "
                f"until {state.next_poll_at:%Y-%m-%d %H:%M} UTC"
            )
        return None
    if now + DUE_GRACE < state.next_poll_at:
        return f"not due until {state.next_poll_at:%Y-%m-%d %H:%M} UTC"
    return None


def _conditional_headers(state: FeedState) -> dict[str, str]:
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def _fail(state: FeedState, feed: FeedConfig, now: datetime, error: str, status: int | None,
          retry_after: datetime | None = None) -> PollResult:
    state.consecutive_errors = (state.consecutive_errors or 0) + 1
    state.last_status = status
    state.last_error = clean_error(error)
    state.next_poll_at = next_poll_after_error(now, feed.interval_minutes, state.consecutive_errors, retry_after)
    return PollResult(
        feed=feed.name, outcome="failed", status_code=status, error=state.last_error,
        consecutive_errors=state.consecutive_errors, next_poll_at=state.next_poll_at,
    )


def _succeed(state: FeedState, feed: FeedConfig, now: datetime, status: int) -> None:
    state.consecutive_errors = 0
    state.last_status = status
    state.last_error = None
    state.last_ok_at = now
    state.next_poll_at = now + timedelta(minutes=feed.interval_minutes)


def _validator(value: str | None, limit: int) -> str | None:
    """A cache validator worth sending back; an absurdly long one is dropped rather than cut."""
    value = (value or "").strip()
    return value if value and len(value) <= limit else None


def _bozo_message(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    if isinstance(exc, _HARMLESS_BOZO):
        return None
    return clean_error(f"malformed feed: {exc}" if exc else "malformed feed")


def parse_feed(feed_name: str, content: bytes, headers: dict[str, str], base_url: str) -> tuple[list[FeedEntry], str | None, bool]:
    """Parse feed bytes as far as they go.

    Returns:
        (entries, bozo message or None, whether the bytes looked like a feed at all).
    """
    response_headers = {"content-location": base_url}
    if headers.get("content-type"):
        response_headers["content-type"] = headers["content-type"]
    parsed = feedparser.parse(content, response_headers=response_headers)
    entries = [entry_from_parsed(feed_name, raw, base_url) for raw in parsed.entries]
    is_feed = bool(parsed.get("version")) or bool(entries)
    return entries, _bozo_message(parsed), is_feed


def poll_feed(
    session: Session,
    feed: FeedConfig,
    client: httpx.Client | None,
    *,
    now: datetime | None = None,
    timeout: float = FEED_TIMEOUT,
    max_bytes: int = FEED_MAX_BYTES,
    force: bool = False,
) -> PollResult:
    """Poll `feed` once if it is due, updating its FeedState in `session` (flushed, not committed).

    Args:
        now: the poll time (tests pass it; default: the clock). Aware or naive UTC.
        force: poll even if the feed is backing off or not due.

    Returns:
        A PollResult; never raises for network, HTTP or parsing problems.
    """
    now = utc_naive(now)
    state = _state_for(session, feed)
    if not force:
        reason = _deferral(state, now)
        if reason is not None:
            session.flush()
            return PollResult(
                feed=feed.name, outcome="deferred", error=reason,
                consecutive_errors=state.consecutive_errors or 0, next_poll_at=state.next_poll_at,
            )
    state.last_polled_at = now
    try:
        page = fetch_url(feed.url, client=client, timeout=timeout, max_bytes=max_bytes,
                         headers=_conditional_headers(state))
    except FetchError as exc:
        result = _fail(state, feed, now, describe_fetch_error(exc), getattr(exc, "status_code", None))
        session.flush()
        return result
    status = page.status_code
    if status == 304:
        _succeed(state, feed, now, status)
        session.flush()
        return PollResult(feed=feed.name, outcome="not_modified", status_code=status, next_poll_at=state.next_poll_at)
    if not 200 <= status < 300:
        retry_after = parse_retry_after(page.headers.get("retry-after"), now) if status in RETRY_AFTER_STATUSES else None
        error = f"HTTP {status}"
        if retry_after is not None:
            error += f", server asks to retry after {retry_after:%Y-%m-%d %H:%M:%S} UTC"
        result = _fail(state, feed, now, error, status, retry_after)
        session.flush()
        return result
    entries, bozo, is_feed = parse_feed(feed.name, page.content, page.headers, page.final_url or feed.url)
    if not is_feed:
        media = page.content_type.split(";", 1)[0].strip() or "no content type"
        error = f"not an RSS or Atom feed ({media})"
        if bozo:
            error += ": " + bozo.removeprefix("malformed feed: ")
        result = _fail(state, feed, now, error, status)
        session.flush()
        return result
    _succeed(state, feed, now, status)
    state.etag = _validator(page.headers.get("etag"), 1000)
    state.last_modified = _validator(page.headers.get("last-modified"), 100)
    if bozo:
        state.last_error = bozo  # kept as a warning; the feed still counts as healthy
    session.flush()
    return PollResult(
        feed=feed.name, outcome="ok", status_code=status, items=entries, bozo=bozo is not None,
        error=bozo, next_poll_at=state.next_poll_at,
    )
