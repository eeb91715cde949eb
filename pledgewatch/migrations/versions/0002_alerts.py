"""Alerts: the delivery outbox (one row per event × target).

Hand-written with portable types; times are UTC. Constraint names follow
pledgewatch.db.NAMING_CONVENTION.

Revision ID: 0002_alerts
Revises: 0001_ledger
Create Date: 2026-11-21
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_alerts"
down_revision = "0001_ledger"
branch_labels = None
depends_on = None

UTC_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("event_id", sa.Integer, nullable=False),
        sa.Column("target_key", sa.String(64), nullable=False),
        sa.Column("target_label", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", UTC_TS, nullable=False),
        sa.Column("claimed_at", UTC_TS, nullable=True),
        sa.Column("sent_at", UTC_TS, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alert_deliveries"),
        sa.UniqueConstraint("event_id", "target_key", name="uq_alert_deliveries_event_target"),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_alert_deliveries_event_id_events", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_alert_deliveries_event_id", "alert_deliveries", ["event_id"])
    op.create_index("ix_alert_deliveries_due", "alert_deliveries", ["target_key", "status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("alert_deliveries")
