"""audit trail: keyed links, and the database refuses every rewrite it can

Revision ID: audit_1
Revises: outbox_1
Create Date: 2026-12-01

SQLite: a BEFORE INSERT trigger refuses an event whose key (team_id, seq) or id is taken
(`INSERT OR REPLACE` deletes the old row without firing DELETE triggers); the head refuses
DELETE, a REPLACE, and any UPDATE but the two `audit.record` makes (seq + 1, then the hash
of the event just stored under that seq). PostgreSQL: the same rule for the head, and
statement-level BEFORE TRUNCATE triggers on both tables.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'audit_1'
down_revision = 'lists_1'
branch_labels = None
depends_on = None

GENESIS = "0" * 64
EVENT_REFUSED, HEAD_REFUSED = "audit_event is append-only", "audit_head only moves forward"
# The only changes of a head: take the next seq (hash unchanged), then point at the event stored there.
HEAD_MOVES = ("NEW.team_id = OLD.team_id AND ((NEW.seq = OLD.seq + 1 AND NEW.hash = OLD.hash) OR "
              "(NEW.seq = OLD.seq AND EXISTS (SELECT 1 FROM audit_event "
              "WHERE team_id = NEW.team_id AND seq = NEW.seq AND hash = NEW.hash)))")

SQLITE_TRIGGERS = {
    "audit_event_no_replace": "BEFORE INSERT ON audit_event WHEN EXISTS (SELECT 1 FROM audit_event "
                              "WHERE (team_id = NEW.team_id AND seq = NEW.seq) OR id = NEW.id)",
    "audit_head_no_replace": f"BEFORE INSERT ON audit_head WHEN NEW.seq <> 0 OR NEW.hash <> '{GENESIS}' "
                             "OR EXISTS (SELECT 1 FROM audit_head WHERE team_id = NEW.team_id)",
    "audit_head_no_delete": "BEFORE DELETE ON audit_head",
    "audit_head_forward_only": f"BEFORE UPDATE ON audit_head WHEN NOT ({HEAD_MOVES})",
}

PG_HEAD_FUNCTION = f"""
CREATE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND {HEAD_MOVES} THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.seq = 0 AND NEW.hash = '{GENESIS}' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{HEAD_REFUSED}';
END;
$$ LANGUAGE plpgsql
"""
PG_TRIGGERS = {
    ("audit_head_forward_only", "audit_head"): "BEFORE INSERT OR UPDATE OR DELETE ON audit_head FOR EACH ROW "
                                               "EXECUTE FUNCTION audit_head_forward_only()",
    ("audit_head_no_truncate", "audit_head"): "BEFORE TRUNCATE ON audit_head FOR EACH STATEMENT "
                                              "EXECUTE FUNCTION audit_head_forward_only()",
    ("audit_event_no_truncate", "audit_event"): "BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT "
                                                "EXECUTE FUNCTION audit_event_append_only()",
}


def upgrade() -> None:
    op.add_column('audit_event', sa.Column('keyed', sa.Boolean(), nullable=False, server_default=sa.false()))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_HEAD_FUNCTION)
        for (name, _table), body in PG_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        return
    for name, condition in SQLITE_TRIGGERS.items():
        refused = EVENT_REFUSED if "audit_event" in condition.split(" WHEN ")[0] else HEAD_REFUSED
        op.execute(f"CREATE TRIGGER {name} {condition} BEGIN SELECT RAISE(ABORT, '{refused}'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, table in PG_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS audit_head_forward_only()")
        op.drop_column('audit_event', 'keyed')
        return
    for name in SQLITE_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    # ALTER TABLE, not batch mode: recreating the table would drop 0001's append-only triggers.
    op.execute("ALTER TABLE audit_event DROP COLUMN keyed")
