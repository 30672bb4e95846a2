"""corrective actions past due counted and listed from an index (status, then due date)

Revision ID: digest_2
Revises: comments_1
Create Date: 2026-12-01
"""
from __future__ import annotations

from alembic import op

revision = 'digest_2'
down_revision = 'comments_1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The digest's "corrective actions overdue" (count and the first few by due date) and the reminder
    # sweep's overdue NCs read every NC in action and its row for due_date (found by bench/digest.py).
    op.create_index('ix_nonconformance_due', 'nonconformance', ['team_id', 'status', 'due_date', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_nonconformance_due', table_name='nonconformance')
