"""Pledges get `purpose_key`: the purpose's significant words, indexed with the category.

It lets the ledger find "the same purpose with a different sum" by an index lookup instead of scanning
every pledge of a category, which matters once a backfill has stored thousands of pledges.

Revision ID: 0004_ledger_purpose_key
Revises: 0001_ledger
Create Date: 2026-11-21
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_ledger_purpose_key"
down_revision = "0001_ledger"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pledges") as batch:
        batch.add_column(sa.Column("purpose_key", sa.String(200), nullable=True))
        batch.create_index("ix_pledges_category_purpose_key", ["category", "purpose_key"])


def downgrade() -> None:
    with op.batch_alter_table("pledges") as batch:
        batch.drop_index("ix_pledges_category_purpose_key")
        batch.drop_column("purpose_key")
