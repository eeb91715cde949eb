"""A read-only view of the feeds for a status command: each feed's health and what its items became.

Kept apart from polling so that a CLI or a dashboard can show why a feed is quiet (backing off, a
malformed feed, everything filtered) without touching the network.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pledgewatch.feeds.models import FeedItem, FeedState


@dataclass(frozen=True)
class FeedStatus:
    """One feed as the database knows it; `items` counts its items by status."""

    name: str
    url: str
    consecutive_errors: int
    last_status: int | None
    last_error: str | None
    last_polled_at: datetime | None
    last_ok_at: datetime | None
    next_poll_at: datetime | None
    items: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def feed_statuses(session: Session) -> list[FeedStatus]:
    """Every feed ever polled, by name, with its item counts (URLs as stored: show them redacted)."""
    counts: dict[str, dict[str, int]] = {}
    for feed_name, status, n in session.execute(
        select(FeedItem.feed_name, FeedItem.status, func.count()).group_by(FeedItem.feed_name, FeedItem.status)
    ):
        counts.setdefault(feed_name, {})[status] = int(n)
    return [
        FeedStatus(
            name=s.name, url=s.url, consecutive_errors=s.consecutive_errors or 0, last_status=s.last_status,
            last_error=s.last_error, last_polled_at=s.last_polled_at, last_ok_at=s.last_ok_at,
            next_poll_at=s.next_poll_at, items=counts.get(s.name, {}),
        )
        for s in session.scalars(select(FeedState).order_by(FeedState.name))
    ]
