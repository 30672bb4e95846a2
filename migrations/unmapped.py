"""Schema objects the migrations make that no model declares, left out of autogenerate's compare
(env.py and tests/app/test_migrations.py use the same rule): the knowledge base's full-text index."""
from __future__ import annotations

# SQLite: the FTS5 table and the shadow tables FTS5 keeps beside it.
UNMAPPED_TABLE_PREFIXES = ("knowledge_fts",)
# PostgreSQL: the generated tsvector column and its GIN index, and the titles' own GIN index.
UNMAPPED_COLUMNS = {("knowledge_entry", "search")}
UNMAPPED_INDEXES = {"ix_knowledge_entry_search", "ix_knowledge_entry_title_search"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table":
        return not (reflected and compare_to is None and (name or "").startswith(UNMAPPED_TABLE_PREFIXES))
    if type_ == "column":
        return not (reflected and compare_to is None and (obj.table.name, name) in UNMAPPED_COLUMNS)
    if type_ == "index":
        return name not in UNMAPPED_INDEXES
    return True
