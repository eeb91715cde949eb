"""Feeds: per-feed polling state (conditional GET, back-off) and the items each feed has shown.

Hand-written with portable types; times are naive UTC. Constraint names follow
pledgewatch.db.NAMING_CONVENTION.

Revision ID: 0003_feeds
Revises: 0001_ledger
Create Date: 2026-11-21
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_feeds"
down_revision = "0001_ledger"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_states",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("etag", sa.Text, nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("consecutive_errors", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_status", sa.Integer, nullable=True),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("last_polled_at", sa.DateTime, nullable=True),
        sa.Column("last_ok_at", sa.DateTime, nullable=True),
        sa.Column("next_poll_at", sa.DateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_feed_states"),
        sa.UniqueConstraint("name", name="uq_feed_states_name"),
    )
    op.create_table(
        "feed_items",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("feed_name", sa.String(200), nullable=False),
        sa.Column("guid", sa.String(1000), nullable=True),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("canonical_url", sa.String(2000), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=True),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("first_seen", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="new"),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("article_id", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_feed_items"),
        sa.UniqueConstraint("feed_name", "guid", name="uq_feed_items_feed_name_guid"),
        sa.UniqueConstraint("canonical_url", name="uq_feed_items_canonical_url"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_feed_items_article_id_articles", ondelete="SET NULL"
        ),
    )
    op.create_index("ix_feed_items_feed_name", "feed_items", ["feed_name"])
    op.create_index("ix_feed_items_content_hash", "feed_items", ["content_hash"])


def downgrade() -> None:
    op.drop_index("ix_feed_items_content_hash", table_name="feed_items")
    op.drop_index("ix_feed_items_feed_name", table_name="feed_items")
    op.drop_table("feed_items")
    op.drop_table("feed_states")
