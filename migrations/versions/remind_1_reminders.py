"""reminders: claims, snoozes, working days

Revision ID: remind_1
Revises: outbox_1
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = 'remind_1'
down_revision = 'review_1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reminder_claim',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('person', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('record_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('since', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('escalation', sa.Boolean(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'person', 'kind', 'record_id', 'day')
    )
    with op.batch_alter_table('reminder_claim', schema=None) as batch_op:
        batch_op.create_index('ix_reminder_claim_sent', ['team_id', 'sent_at'], unique=False)

    op.create_table('reminder_snooze',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('person', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('record_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('snoozed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'person', 'kind', 'record_id')
    )
    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.add_column(sa.Column('working_days', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.drop_column('working_days')

    op.drop_table('reminder_snooze')
    with op.batch_alter_table('reminder_claim', schema=None) as batch_op:
        batch_op.drop_index('ix_reminder_claim_sent')

    op.drop_table('reminder_claim')
