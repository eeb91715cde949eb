"""The ledger: articles, mentions, pledges, conflicts, events and the ingest lock row.

Written by hand with portable types (sa.JSON, timezone-aware DateTime holding UTC) so that it runs the
same on SQLite and PostgreSQL. Constraint names follow pledgewatch.db.NAMING_CONVENTION so that later
migrations can drop them in SQLite batch mode.

Revision ID: 0001_ledger
Revises:
Create Date: 2026-11-21
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_ledger"
down_revision = None
branch_labels = None
depends_on = None

UTC_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("canonical_url", sa.Text, nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("outlet", sa.Text, nullable=True),
        sa.Column("published", UTC_TS, nullable=True),
        sa.Column("fetched_at", UTC_TS, nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("canonical_url", name="uq_articles_canonical_url"),
        sa.UniqueConstraint("content_hash", name="uq_articles_content_hash"),
    )
    op.create_table(
        "pledges",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("family", sa.String(32), nullable=False),
        sa.Column("amount", sa.Float, nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("amount_cad", sa.Float, nullable=True),
        sa.Column("qualifier", sa.String(16), nullable=True),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("quantity", sa.Integer, nullable=True),
        sa.Column("item", sa.Text, nullable=True),
        sa.Column("parent_id", sa.Integer, nullable=True),
        sa.Column("announced_on", sa.Date, nullable=True),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pledges"),
        sa.ForeignKeyConstraint(["parent_id"], ["pledges.id"], name="fk_pledges_parent_id_pledges"),
    )
    op.create_index("ix_pledges_family_amount_cad", "pledges", ["family", "amount_cad"])
    op.create_index("ix_pledges_category", "pledges", ["category"])
    op.create_index("ix_pledges_parent_id", "pledges", ["parent_id"])

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("pledge_id", sa.Integer, nullable=True),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("amount", sa.Float, nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("amount_cad", sa.Float, nullable=True),
        sa.Column("qualifier", sa.String(16), nullable=True),
        sa.Column("quantity", sa.Integer, nullable=True),
        sa.Column("item", sa.Text, nullable=True),
        sa.Column("alt_amount", sa.Float, nullable=True),
        sa.Column("alt_currency", sa.String(3), nullable=True),
        sa.Column("running_total", sa.Boolean, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("span_start", sa.Integer, nullable=True),
        sa.Column("span_end", sa.Integer, nullable=True),
        sa.Column("donor", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(64), nullable=False),
        sa.Column("article_revision", sa.Integer, nullable=False),
        sa.Column("retired", sa.Boolean, nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_mentions"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_mentions_article_id_articles", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["pledge_id"], ["pledges.id"], name="fk_mentions_pledge_id_pledges"),
    )
    op.create_index("ix_mentions_article_id", "mentions", ["article_id"])
    op.create_index("ix_mentions_pledge_id", "mentions", ["pledge_id"])

    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("pledge_a", sa.Integer, nullable=False),
        sa.Column("pledge_b", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("evidence_a", sa.Text, nullable=True),
        sa.Column("evidence_b", sa.Text, nullable=True),
        sa.Column("article_a", sa.Integer, nullable=True),
        sa.Column("article_b", sa.Integer, nullable=True),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_conflicts"),
        sa.UniqueConstraint("pledge_a", "pledge_b", "kind", name="uq_conflicts_pair_kind"),
        sa.ForeignKeyConstraint(["pledge_a"], ["pledges.id"], name="fk_conflicts_pledge_a_pledges"),
        sa.ForeignKeyConstraint(["pledge_b"], ["pledges.id"], name="fk_conflicts_pledge_b_pledges"),
        sa.ForeignKeyConstraint(["article_a"], ["articles.id"], name="fk_conflicts_article_a_articles"),
        sa.ForeignKeyConstraint(["article_b"], ["articles.id"], name="fk_conflicts_article_b_articles"),
    )
    op.create_index("ix_conflicts_pledge_a", "conflicts", ["pledge_a"])
    op.create_index("ix_conflicts_pledge_b", "conflicts", ["pledge_b"])

    op.create_table(
        "events",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("pledge_id", sa.Integer, nullable=False),
        sa.Column("field", sa.String(32), nullable=True),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
        sa.Column("evidence", sa.Text, nullable=True),
        sa.Column("article_id", sa.Integer, nullable=True),
        sa.Column("conflict_id", sa.Integer, nullable=True),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("baseline", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.ForeignKeyConstraint(["pledge_id"], ["pledges.id"], name="fk_events_pledge_id_pledges"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_events_article_id_articles"),
        sa.ForeignKeyConstraint(["conflict_id"], ["conflicts.id"], name="fk_events_conflict_id_conflicts"),
    )
    op.create_index("ix_events_kind", "events", ["kind"])
    op.create_index("ix_events_pledge_id", "events", ["pledge_id"])
    op.create_index("ix_events_article_id", "events", ["article_id"])
    op.create_index("ix_events_created_at", "events", ["created_at"])

    lock = op.create_table(
        "ledger_lock",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("ingests", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_lock"),
    )
    op.bulk_insert(lock, [{"id": 1, "ingests": 0}])


def downgrade() -> None:
    for table in ("ledger_lock", "events", "conflicts", "mentions", "pledges", "articles"):
        op.drop_table(table)
