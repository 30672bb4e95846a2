"""indexes for the lists (/qms mine, Home) and review-thread look-ups that do not grow with the records

Revision ID: lists_1
Revises: outbox_1
Create Date: 2026-12-01
"""
from __future__ import annotations

from alembic import op

revision = 'lists_1'
down_revision = 'outbox_1'
branch_labels = None
depends_on = None

# name: (table, columns now, columns before this revision — None: new here)
INDEXES = {
    'ix_nonconformance_reporter': ('nonconformance', ['team_id', 'reporter', 'status', 'id'],
                                   ['team_id', 'reporter', 'status']),
    'ix_nonconformance_owner': ('nonconformance', ['team_id', 'owner', 'status', 'id'], ['team_id', 'owner', 'status']),
    'ix_nonconformance_status': ('nonconformance', ['team_id', 'status', 'id'], ['team_id', 'status']),
    'ix_approval_request_requester': ('approval_request', ['team_id', 'requester', 'status', 'id'],
                                      ['team_id', 'requester', 'status']),
    'ix_approval_approver_user': ('approval_approver', ['team_id', 'user_id', 'decision', 'request_id'],
                                  ['team_id', 'user_id', 'decision']),
    'ix_approval_approver_request': ('approval_approver', ['team_id', 'request_id', 'position'], None),
    'ix_slack_message_posted': ('slack_message', ['created_at'], None),
    'ix_slack_message_replied': ('slack_message', ['last_reply_at'], None),
}


def upgrade() -> None:
    for name, (table, columns, before) in INDEXES.items():
        if before is not None:
            op.drop_index(name, table_name=table)
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, (table, _columns, before) in INDEXES.items():
        op.drop_index(name, table_name=table)
        if before is not None:
            op.create_index(name, table, before, unique=False)
