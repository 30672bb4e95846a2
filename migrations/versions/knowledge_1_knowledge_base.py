"""the knowledge base: entries, their versions and tags, the full-text index, two workspace settings

The index is what autogenerate cannot see (migrations/unmapped.py leaves it out of the compare):
SQLite, an external-content FTS5 table kept in step by triggers (bm25, snippet()); PostgreSQL, a
generated, weighted tsvector column with a GIN index (ts_rank, ts_headline). Title weighs most,
then the text, then the thread's replies, on both.

Revision ID: knowledge_1
Revises: outbox_1
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = 'knowledge_1'
down_revision = 'remind_1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('knowledge_entry',
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
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('thread_text', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('thread_state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('thread_left_out', sa.Integer(), nullable=False),
    sa.Column('process', sqlmodel.sql.sqltypes.AutoString(length=75), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=True),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('saver', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('review_days', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('confirmed_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('next_review_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('nc_id', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('retired_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('retired_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'record_id', name='uq_knowledge_entry_team_record')
    )
    with op.batch_alter_table('knowledge_entry', schema=None) as batch_op:
        batch_op.create_index('ix_knowledge_entry_created', ['team_id', 'created_at'], unique=False)
        batch_op.create_index('ix_knowledge_entry_owner', ['team_id', 'owner', 'status'], unique=False)
        batch_op.create_index('ix_knowledge_entry_process', ['team_id', 'process', 'status'], unique=False)
        batch_op.create_index('ix_knowledge_entry_review', ['team_id', 'status', 'next_review_at'], unique=False)

    op.create_table('knowledge_tag',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('tag', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['knowledge_entry.id'], ),
    sa.PrimaryKeyConstraint('entry_id', 'tag')
    )
    with op.batch_alter_table('knowledge_tag', schema=None) as batch_op:
        batch_op.create_index('ix_knowledge_tag_team_tag', ['team_id', 'tag', 'entry_id'], unique=False)

    op.create_table('knowledge_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('process', sqlmodel.sql.sqltypes.AutoString(length=75), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=True),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('review_days', sa.Integer(), nullable=False),
    sa.Column('edited_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('edited_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['knowledge_entry.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('entry_id', 'version', name='uq_knowledge_version_entry_version')
    )
    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.add_column(sa.Column('knowledge_channel', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('kb_review_days', sa.Integer(), nullable=True))
    create_search_index()


def downgrade() -> None:
    drop_search_index()
    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.drop_column('kb_review_days')
        batch_op.drop_column('knowledge_channel')

    op.drop_table('knowledge_version')
    with op.batch_alter_table('knowledge_tag', schema=None) as batch_op:
        batch_op.drop_index('ix_knowledge_tag_team_tag')

    op.drop_table('knowledge_tag')
    with op.batch_alter_table('knowledge_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_knowledge_entry_review')
        batch_op.drop_index('ix_knowledge_entry_process')
        batch_op.drop_index('ix_knowledge_entry_owner')
        batch_op.drop_index('ix_knowledge_entry_created')

    op.drop_table('knowledge_entry')


# Porter stemming on SQLite and the english configuration on PostgreSQL: both stem the same way.
SQLITE_INDEX = """
CREATE VIRTUAL TABLE knowledge_fts USING fts5(
    title, body, thread_text, content='knowledge_entry', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2')
"""
SQLITE_TRIGGERS = (
    """CREATE TRIGGER knowledge_fts_insert AFTER INSERT ON knowledge_entry BEGIN
         INSERT INTO knowledge_fts(rowid, title, body, thread_text)
         VALUES (new.id, new.title, new.body, new.thread_text);
       END""",
    """CREATE TRIGGER knowledge_fts_delete AFTER DELETE ON knowledge_entry BEGIN
         INSERT INTO knowledge_fts(knowledge_fts, rowid, title, body, thread_text)
         VALUES ('delete', old.id, old.title, old.body, old.thread_text);
       END""",
    # Only a change of indexed text re-indexes: confirming or retiring an entry leaves the index alone.
    """CREATE TRIGGER knowledge_fts_update AFTER UPDATE OF title, body, thread_text ON knowledge_entry BEGIN
         INSERT INTO knowledge_fts(knowledge_fts, rowid, title, body, thread_text)
         VALUES ('delete', old.id, old.title, old.body, old.thread_text);
         INSERT INTO knowledge_fts(rowid, title, body, thread_text)
         VALUES (new.id, new.title, new.body, new.thread_text);
       END""",
)
POSTGRES_INDEX = (
    """ALTER TABLE knowledge_entry ADD COLUMN search tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
         setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B') ||
         setweight(to_tsvector('english'::regconfig, coalesce(thread_text, '')), 'C')) STORED""",
    # fastupdate off: a search never wades through a pending list of recent inserts (a few saves a day)
    "CREATE INDEX ix_knowledge_entry_search ON knowledge_entry USING gin (search) WITH (fastupdate = off)",
    # the title tier's own index (a GIN index cannot look weights up: 'word:A' rechecks every match)
    "CREATE INDEX ix_knowledge_entry_title_search ON knowledge_entry "
    "USING gin (to_tsvector('english'::regconfig, title)) WITH (fastupdate = off)",
)


def create_search_index() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in (SQLITE_INDEX, *SQLITE_TRIGGERS):
            op.execute(statement)
    else:
        for statement in POSTGRES_INDEX:
            op.execute(statement)


def drop_search_index() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS knowledge_fts_{name}")
        op.execute("DROP TABLE IF EXISTS knowledge_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_knowledge_entry_title_search")
        op.execute("DROP INDEX IF EXISTS ix_knowledge_entry_search")
        op.execute("ALTER TABLE knowledge_entry DROP COLUMN IF EXISTS search")
