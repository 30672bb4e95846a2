"""a record's review-thread replies indexed by time, so "last reply per NC" is one index seek each

Revision ID: comments_1
Revises: feedback_1
Create Date: 2026-12-01
"""
from __future__ import annotations

from alembic import op

revision = 'comments_1'
down_revision = 'feedback_1'
branch_labels = None
depends_on = None


def _replace(columns: list[str]) -> None:
    op.drop_index('ix_comment_record', table_name='comment')
    op.create_index('ix_comment_record', 'comment', columns, unique=False)


def upgrade() -> None:
    # The stale-NC query asks, per open NC, for its newest reply: with created_at in the record's index
    # that is one seek, not a walk over every NC comment of the workspace (found by bench/reminders.py).
    _replace(['team_id', 'record_type', 'record_id', 'created_at'])


def downgrade() -> None:
    _replace(['team_id', 'record_type', 'record_id'])
