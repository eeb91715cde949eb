"""Tables of the feeds: the polling state of each feed and every item a feed has shown.

`feed_states` carries what conditional GET and back-off need between runs (ETag, Last-Modified,
consecutive errors, next poll). `feed_items` remembers each item once, so that an item seen in an
earlier run, or the same story in another feed, is never fetched twice. Times are naive UTC on both
SQLite and PostgreSQL. The schema is created by the migration `0003_feeds`.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pledgewatch.db import Base

ITEM_STATUSES = ("new", "fetched", "skipped", "failed", "filtered")


class FeedState(Base):
    """What pledgewatch remembers about one feed between polls."""

    __tablename__ = "feed_states"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(100))
    consecutive_errors: Mapped[int] = mapped_column(Integer, default=0)
    last_status: Mapped[int | None] = mapped_column(Integer)  # HTTP status of the last answer
    last_error: Mapped[str | None] = mapped_column(Text)  # one line, without secrets
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_ok_at: Mapped[datetime | None] = mapped_column(DateTime)
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime)


class FeedItem(Base):
    """One item seen in a feed, and what became of it (fetched, skipped with a reason, filtered...)."""

    __tablename__ = "feed_items"
    __table_args__ = (
        UniqueConstraint("feed_name", "guid", name="uq_feed_items_feed_name_guid"),
        UniqueConstraint("canonical_url", name="uq_feed_items_canonical_url"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_name: Mapped[str] = mapped_column(String(200), index=True)
    guid: Mapped[str | None] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(String(2000))
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), default="new")
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    article_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("articles.id", ondelete="SET NULL"), nullable=True
    )
