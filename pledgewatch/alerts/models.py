"""The alert outbox: one row per (event, target), the record that makes delivery exactly-once.

The target is identified by `target_key` (SHA-256 of its apprise URL) and shown by `target_label`
(redacted); the URL itself is never stored. Status moves pending → sending → sent (or back to
pending with a back-off after a failure); `printed` marks console-only rows. The schema is created
by migration 0002_alerts.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pledgewatch.db import Base

STATUSES = ("pending", "sending", "sent", "printed")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Delivery(Base):
    """One alert for one target: queued once, claimed before sending, recorded after."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "target_key", name="uq_alert_deliveries_event_target"),
        Index("ix_alert_deliveries_due", "target_key", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    target_key: Mapped[str] = mapped_column(String(64))
    target_label: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
