"""Tables of the ledger: articles, the commitments read from them (mentions), pledges, conflicts, events.

The schema itself is created by the Alembic migration `0001_ledger`; these classes mirror it for the
ORM. Times are stored in UTC (SQLite hands them back naive, so code compares UTC to UTC).
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pledgewatch.db import Base

EVENT_KINDS = ("NEW", "CHANGED", "CONFLICT", "CORROBORATED")
ORIGINS = ("seed", "feed", "backfill")
CONFLICT_KINDS = ("same-amount-different-purpose", "same-purpose-different-amount")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class ArticleRow(Base):
    """One article as stored: where it came from and the text its mentions index into."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text, unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(Text)  # path, URL or "seeds/<file>"
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text)
    published: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    origin: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer, default=1)  # bumped when a corrected version arrives
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    mentions: Mapped[list[MentionRow]] = relationship(back_populates="article")


class PledgeRow(Base):
    """A ledger entry: one real commitment, however many articles reported it."""

    __tablename__ = "pledges"
    __table_args__ = (
        Index("ix_pledges_family_amount_cad", "family", "amount_cad"),
        Index("ix_pledges_category", "category"),
        Index("ix_pledges_category_purpose_key", "category", "purpose_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    family: Mapped[str] = mapped_column(String(32))  # category family used for matching
    amount: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    amount_cad: Mapped[float | None] = mapped_column(Float)  # for matching across currencies
    qualifier: Mapped[str | None] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(Text)
    purpose_key: Mapped[str | None] = mapped_column(String(200))  # significant words, sorted (migration 0004)
    status: Mapped[str] = mapped_column(String(16))
    quantity: Mapped[int | None] = mapped_column(Integer)
    item: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("pledges.id"), index=True)
    announced_on: Mapped[date | None] = mapped_column(Date)  # earliest article date reporting it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    mentions: Mapped[list[MentionRow]] = relationship(back_populates="pledge")


class MentionRow(Base):
    """One commitment as one article states it, linked to the pledge it was reconciled into."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    pledge_id: Mapped[int | None] = mapped_column(ForeignKey("pledges.id"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    purpose: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    amount: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    amount_cad: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str | None] = mapped_column(String(16))
    quantity: Mapped[int | None] = mapped_column(Integer)
    item: Mapped[str | None] = mapped_column(Text)
    alt_amount: Mapped[float | None] = mapped_column(Float)
    alt_currency: Mapped[str | None] = mapped_column(String(3))
    running_total: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    donor: Mapped[str] = mapped_column(String(64), default="Canada")
    recipient: Mapped[str] = mapped_column(String(64), default="Ukraine")
    article_revision: Mapped[int] = mapped_column(Integer, default=1)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)  # superseded by a corrected article
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    article: Mapped[ArticleRow] = relationship(back_populates="mentions")
    pledge: Mapped[PledgeRow | None] = relationship(back_populates="mentions")


class ConflictRow(Base):
    """Two pledges that sources describe incompatibly; flagged, never merged."""

    __tablename__ = "conflicts"
    __table_args__ = (UniqueConstraint("pledge_a", "pledge_b", "kind", name="uq_conflicts_pair_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pledge_a: Mapped[int] = mapped_column(ForeignKey("pledges.id"), index=True)  # the older pledge
    pledge_b: Mapped[int] = mapped_column(ForeignKey("pledges.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    evidence_a: Mapped[str | None] = mapped_column(Text)
    evidence_b: Mapped[str | None] = mapped_column(Text)
    article_a: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    article_b: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EventRow(Base):
    """What one ingest changed in the ledger; the input of the alerts."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledges.id"), index=True)
    field: Mapped[str | None] = mapped_column(String(32))
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    evidence: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    conflict_id: Mapped[int | None] = mapped_column(ForeignKey("conflicts.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    baseline: Mapped[bool] = mapped_column(Boolean, default=False)


class LedgerLockRow(Base):
    """A single row every ingest updates first, so that concurrent writers queue on SQLite too."""

    __tablename__ = "ledger_lock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ingests: Mapped[int] = mapped_column(Integer, default=0)
