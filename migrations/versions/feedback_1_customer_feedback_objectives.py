"""customer feedback, response times, quality objectives

Revision ID: feedback_1
Revises: outbox_1
Create Date: 2026-12-01 10:44:55.983401
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = 'feedback_1'
down_revision = 'knowledge_1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('customer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('slack_team', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'name_key', name='uq_customer_team_name')
    )
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.create_index('ix_customer_slack_team', ['team_id', 'slack_team'], unique=False)

    op.create_table('customer_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('thread_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('author_team', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('posted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('answer_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('answered_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('working_seconds', sa.Integer(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'channel_id', 'ts', name='uq_customer_message_ts')
    )
    with op.batch_alter_table('customer_message', schema=None) as batch_op:
        batch_op.create_index('ix_customer_message_channel_waiting',
                              ['team_id', 'channel_id', 'answered_at', 'deleted', 'posted_at'], unique=False)
        batch_op.create_index('ix_customer_message_waiting',
                              ['team_id', 'answered_at', 'deleted', 'posted_at', 'channel_id'], unique=False)
        batch_op.create_index('ix_customer_message_posted',
                              ['team_id', 'posted_at', 'deleted', 'channel_id', 'working_seconds'], unique=False)

    op.create_table('customer_response_month',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('bucket', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'month', 'bucket')
    )
    op.create_table('objective',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('record_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('measure', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=True),
    sa.Column('direction', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'record_id', name='uq_objective_team_record')
    )
    with op.batch_alter_table('objective', schema=None) as batch_op:
        batch_op.create_index('ix_objective_owner', ['team_id', 'owner'], unique=False)

    op.create_table('feedback',
    sa.Column('source_channel', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('source_ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('source_author', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('source_text', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('source_permalink', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('source_author_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('source_private', sa.Boolean(), nullable=False),
    sa.Column('source_shown', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('record_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('customer', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('scale', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('comment', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('received_via', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('related_nc', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('related_approval', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('raised_nc', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('logged_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'record_id', name='uq_feedback_team_record')
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_created', ['team_id', 'created_at', 'scale', 'score'], unique=False)
        batch_op.create_index('ix_feedback_logged_by', ['team_id', 'logged_by'], unique=False)

    op.create_table('objective_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['objective_id'], ['objective.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('objective_id', 'period_start', name='uq_objective_value_period')
    )
    with op.batch_alter_table('nonconformance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feedback_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))

    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.add_column(sa.Column('feedback_scale', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
        batch_op.add_column(sa.Column('customer_channels', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('customer_channel_owners', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('response_target_hours', sa.Float(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.drop_column('response_target_hours')
        batch_op.drop_column('customer_channel_owners')
        batch_op.drop_column('customer_channels')
        batch_op.drop_column('feedback_scale')

    with op.batch_alter_table('nonconformance', schema=None) as batch_op:
        batch_op.drop_column('feedback_id')

    op.drop_table('objective_value')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_logged_by')
        batch_op.drop_index('ix_feedback_created')

    op.drop_table('feedback')
    with op.batch_alter_table('objective', schema=None) as batch_op:
        batch_op.drop_index('ix_objective_owner')

    op.drop_table('objective')
    with op.batch_alter_table('customer_message', schema=None) as batch_op:
        batch_op.drop_index('ix_customer_message_posted')
        batch_op.drop_index('ix_customer_message_waiting')
        batch_op.drop_index('ix_customer_message_channel_waiting')

    op.drop_table('customer_message')
    op.drop_table('customer_response_month')
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.drop_index('ix_customer_slack_team')

    op.drop_table('customer')
