"""digest claims, management reviews and their actions; indexes for the digest's counts per period

Revision ID: review_1
Revises: outbox_1
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = 'review_1'
down_revision = 'audit_1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('digest_post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('record_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('period_start', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('period_end', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('run', sa.Integer(), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('trigger', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('review_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('posted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'period_end', 'run', name='uq_digest_post_period'),
    sa.UniqueConstraint('team_id', 'record_id', name='uq_digest_post_record')
    )
    op.create_table('management_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('record_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('digest_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('attendees', sa.JSON(), nullable=False),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('comments', sa.JSON(), nullable=False),
    sa.Column('issues_decision', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('resources_decision', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('improvement_decision', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'digest_id', name='uq_management_review_digest'),
    sa.UniqueConstraint('team_id', 'record_id', name='uq_management_review_team_record')
    )
    op.create_table('review_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('record_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('review_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('done_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('done_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('confirmed_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('confirmed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'record_id', name='uq_review_action_team_record')
    )
    with op.batch_alter_table('review_action', schema=None) as batch_op:
        batch_op.create_index('ix_review_action_owner', ['team_id', 'owner', 'status'], unique=False)
        batch_op.create_index('ix_review_action_status', ['team_id', 'status', 'due_date'], unique=False)
    with op.batch_alter_table('nonconformance', schema=None) as batch_op:
        batch_op.create_index('ix_nonconformance_created', ['team_id', 'created_at'], unique=False)
        batch_op.create_index('ix_nonconformance_closed', ['team_id', 'closed_at'], unique=False)
        batch_op.create_index('ix_nonconformance_breakdown', ['team_id', 'status', 'severity', 'process'],
                              unique=False)
        batch_op.create_index('ix_nonconformance_activity', ['team_id', 'status', 'updated_at'], unique=False)
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index('ix_comment_recent', ['team_id', 'record_type', 'created_at'], unique=False)
    with op.batch_alter_table('approval_request', schema=None) as batch_op:
        batch_op.create_index('ix_approval_request_status', ['team_id', 'status', 'created_at'], unique=False)
        batch_op.create_index('ix_approval_request_closed', ['team_id', 'closed_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_recent')
    with op.batch_alter_table('approval_request', schema=None) as batch_op:
        batch_op.drop_index('ix_approval_request_closed')
        batch_op.drop_index('ix_approval_request_status')
    with op.batch_alter_table('nonconformance', schema=None) as batch_op:
        batch_op.drop_index('ix_nonconformance_activity')
        batch_op.drop_index('ix_nonconformance_breakdown')
        batch_op.drop_index('ix_nonconformance_closed')
        batch_op.drop_index('ix_nonconformance_created')
    with op.batch_alter_table('review_action', schema=None) as batch_op:
        batch_op.drop_index('ix_review_action_status')
        batch_op.drop_index('ix_review_action_owner')

    op.drop_table('review_action')
    op.drop_table('management_review')
    op.drop_table('digest_post')
