"""directory caches, permalinks, private evidence, who marked done

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('slack_channel',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('is_private', sa.Boolean(), nullable=False),
    sa.Column('is_im', sa.Boolean(), nullable=False),
    sa.Column('is_mpim', sa.Boolean(), nullable=False),
    sa.Column('is_ext_shared', sa.Boolean(), nullable=False),
    sa.Column('is_member', sa.Boolean(), nullable=False),
    sa.Column('is_archived', sa.Boolean(), nullable=False),
    sa.Column('fetched_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'channel_id')
    )
    op.create_table('slack_user',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('real_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('tz', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('home_team', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('is_bot', sa.Boolean(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('fetched_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'user_id')
    )
    with op.batch_alter_table('approval_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_author_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('source_private', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('source_shown', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('nonconformance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_author_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('source_private', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('source_shown', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('done_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
    # Who marked an existing NC done is in its trail: the last nc.marked_done event's actor.
    op.execute("""
        UPDATE nonconformance SET done_by = (
            SELECT e.actor FROM audit_event e
            WHERE e.team_id = nonconformance.team_id AND e.record_type = 'nc'
              AND e.record_id = nonconformance.record_id AND e.action = 'nc.marked_done'
            ORDER BY e.seq DESC LIMIT 1)
        WHERE status IN ('verification', 'closed')
    """)

    with op.batch_alter_table('slack_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('permalink', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('slack_message', schema=None) as batch_op:
        batch_op.drop_column('permalink')

    with op.batch_alter_table('nonconformance', schema=None) as batch_op:
        batch_op.drop_column('done_by')
        batch_op.drop_column('source_shown')
        batch_op.drop_column('source_private')
        batch_op.drop_column('source_author_name')

    with op.batch_alter_table('approval_request', schema=None) as batch_op:
        batch_op.drop_column('source_shown')
        batch_op.drop_column('source_private')
        batch_op.drop_column('source_author_name')

    op.drop_table('slack_user')
    op.drop_table('slack_channel')
