"""Slack messages linked to records by columns, not by names like "card:APR-3:dm:U1"

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

KINDS = {"NC": "nc", "APR": "approval", "MR": "review", "ACT": "action", "KB": "kb", "FB": "feedback",
         "OBJ": "objective"}
PREFIXES = {kind: prefix for prefix, kind in KINDS.items()}
S = sqlmodel.sql.sqltypes.AutoString


def parse_name(name: str | None) -> tuple[str, str, str, str] | None:
    """'card:APR-3:dm:U1' -> ('approval', 'APR-3', 'dm', 'U1'); the old names' only shapes."""
    if not name or not name.startswith("card:"):
        return None
    parts = name.split(":")
    record_id = parts[1]
    kind = KINDS.get(record_id.partition("-")[0].upper())
    if kind is None:
        return None
    if len(parts) >= 4 and parts[2] == "dm":
        return kind, record_id, "dm", parts[3]
    return kind, record_id, "card", ""  # "card:X" and "card:X:requester" are both the record's home


def record_of_key(key: str) -> tuple[str | None, str | None]:
    kind = KINDS.get((key or "").partition("-")[0].upper())
    return (kind, key) if kind else (None, None)


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table('slack_message_v5',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', S(length=32), nullable=False),
    sa.Column('record_type', S(length=32), nullable=False),
    sa.Column('record_id', S(length=64), nullable=False),
    sa.Column('role', S(length=16), nullable=False),
    sa.Column('holder', S(length=32), nullable=False),
    sa.Column('channel', S(length=32), nullable=False),
    sa.Column('ts', S(length=32), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'record_type', 'record_id', 'role', 'holder', name='uq_slack_message_copy'),
    )
    old = sa.table('slack_message', sa.column('team_id'), sa.column('name'), sa.column('channel'),
                   sa.column('ts'), sa.column('created_at'))
    new = sa.table('slack_message_v5', *(sa.column(c) for c in (
        'team_id', 'record_type', 'record_id', 'role', 'holder', 'channel', 'ts', 'created_at')))
    rows = []
    for row in bind.execute(sa.select(old)).mappings():
        parsed = parse_name(row["name"])
        if parsed:
            kind, record_id, role, holder = parsed
            rows.append({"team_id": row["team_id"], "record_type": kind, "record_id": record_id, "role": role,
                         "holder": holder, "channel": row["channel"], "ts": row["ts"],
                         "created_at": row["created_at"]})
    if rows:
        bind.execute(new.insert(), rows)
    with op.batch_alter_table('slack_message', schema=None) as batch_op:
        batch_op.drop_index('ix_slack_message_where')
    op.drop_table('slack_message')
    op.rename_table('slack_message_v5', 'slack_message')
    with op.batch_alter_table('slack_message', schema=None) as batch_op:
        batch_op.create_index('ix_slack_message_where', ['team_id', 'channel', 'ts'], unique=True)

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('record_type', S(length=32), nullable=True))
        batch_op.add_column(sa.Column('record_id', S(length=64), nullable=True))
        batch_op.add_column(sa.Column('copy_role', S(length=16), nullable=True))
        batch_op.add_column(sa.Column('copy_holder', S(length=32), nullable=True))
        batch_op.add_column(sa.Column('copy_use', S(length=16), nullable=True))
    outbox = sa.table('outbox_message', *(sa.column(c) for c in (
        'id', 'key', 'save_as', 'target', 'target_field', 'record_type', 'record_id', 'copy_role', 'copy_holder',
        'copy_use')))
    for row in bind.execute(sa.select(outbox.c.id, outbox.c.key, outbox.c.save_as, outbox.c.target,
                                      outbox.c.target_field)).mappings():
        kind, record_id = record_of_key(row["key"])
        values = {"record_type": kind, "record_id": record_id}
        parsed = parse_name(row["save_as"] or row["target"])
        if parsed:
            values.update(record_type=parsed[0], record_id=parsed[1], copy_role=parsed[2], copy_holder=parsed[3],
                          copy_use="save" if row["save_as"] else row["target_field"])
        bind.execute(outbox.update().where(outbox.c.id == row["id"]).values(**values))
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('save_as')
        batch_op.drop_column('target')
        batch_op.drop_column('target_field')


def old_name(record_type: str, record_id: str, role: str, holder: str) -> str:
    return f"card:{record_id}:dm:{holder}" if role == "dm" else f"card:{record_id}"


def downgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('save_as', S(length=128), nullable=True))
        batch_op.add_column(sa.Column('target', S(length=128), nullable=True))
        batch_op.add_column(sa.Column('target_field', S(length=16), nullable=True))
    outbox = sa.table('outbox_message', *(sa.column(c) for c in (
        'id', 'save_as', 'target', 'target_field', 'record_type', 'record_id', 'copy_role', 'copy_holder',
        'copy_use')))
    for row in bind.execute(sa.select(outbox).where(outbox.c.copy_use.is_not(None))).mappings():
        name = old_name(row["record_type"], row["record_id"], row["copy_role"], row["copy_holder"] or "")
        values = ({"save_as": name} if row["copy_use"] == "save"
                  else {"target": name, "target_field": row["copy_use"]})
        bind.execute(outbox.update().where(outbox.c.id == row["id"]).values(**values))
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        for column in ('copy_use', 'copy_holder', 'copy_role', 'record_id', 'record_type'):
            batch_op.drop_column(column)

    op.create_table('slack_message_v4',
    sa.Column('team_id', S(length=32), nullable=False),
    sa.Column('name', S(length=128), nullable=False),
    sa.Column('channel', S(length=32), nullable=False),
    sa.Column('ts', S(length=32), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'name'),
    )
    current = sa.table('slack_message', *(sa.column(c) for c in (
        'team_id', 'record_type', 'record_id', 'role', 'holder', 'channel', 'ts', 'created_at')))
    old = sa.table('slack_message_v4', *(sa.column(c) for c in ('team_id', 'name', 'channel', 'ts', 'created_at')))
    rows = [{"team_id": r["team_id"], "name": old_name(r["record_type"], r["record_id"], r["role"], r["holder"]),
             "channel": r["channel"], "ts": r["ts"], "created_at": r["created_at"]}
            for r in bind.execute(sa.select(current)).mappings()]
    if rows:
        bind.execute(old.insert(), rows)
    with op.batch_alter_table('slack_message', schema=None) as batch_op:
        batch_op.drop_index('ix_slack_message_where')
    op.drop_table('slack_message')
    op.rename_table('slack_message_v4', 'slack_message')
    with op.batch_alter_table('slack_message', schema=None) as batch_op:
        batch_op.create_index('ix_slack_message_where', ['team_id', 'channel', 'ts'], unique=True)
