"""`/qms kb <query>`: full-text search, ranked, with highlighted snippets, the same on both databases.

SQLite: FTS5 `MATCH` with bm25 (title weighs most, then the text, then the thread) and snippet();
PostgreSQL: the weighted tsvector with ts_rank and ts_headline. The match expression is built here
from bot.qms.knowledge.query's words (letters and digits only): each word quoted on SQLite, joined
with `&` on PostgreSQL, the last matched as a prefix. Three statements whatever the table holds:
rank one page of ids, highlight those, load them.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from bot.qms.knowledge import records
from bot.qms.knowledge.query import Query, is_user_id
from models import KnowledgeEntry, SlackUser

PAGE = 5
MARK, UNMARK = "\ue000", "\ue001"  # around each matched word in a snippet (private-use: never typed)
SNIPPET_WORDS = 24
SQLITE_WEIGHTS = "10.0, 3.0, 1.0"  # title, body, thread_text
SQLITE_RANK = f"""
WITH ranked AS (
  SELECT knowledge_fts.rowid AS id, bm25(knowledge_fts, {SQLITE_WEIGHTS}) AS rank
  FROM knowledge_fts JOIN knowledge_entry AS e ON e.id = knowledge_fts.rowid
  WHERE knowledge_fts MATCH :match AND {{filters}}
  ORDER BY rank, e.id DESC LIMIT :limit OFFSET :offset)
SELECT ranked.id, snippet(knowledge_fts, -1, '{MARK}', '{UNMARK}', '…', {SNIPPET_WORDS}) AS snippet
FROM ranked JOIN knowledge_fts ON knowledge_fts.rowid = ranked.id
WHERE knowledge_fts MATCH :match ORDER BY ranked.rank, ranked.id DESC
"""
POSTGRES_RANK = """
SELECT e.id FROM knowledge_entry AS e
WHERE e.search @@ to_tsquery('english', :match) AND {filters}
ORDER BY ts_rank(e.search, to_tsquery('english', :match), 1) DESC, e.id DESC LIMIT :limit OFFSET :offset
"""
POSTGRES_HEADLINE = f"""
SELECT id, ts_headline('english', body || coalesce(' … ' || thread_text, ''), to_tsquery('english', :match),
  'StartSel={MARK}, StopSel={UNMARK}, MaxWords={SNIPPET_WORDS}, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "')
FROM knowledge_entry WHERE id = ANY(:ids)
"""


@dataclass(frozen=True)
class Hit:
    entry: KnowledgeEntry
    snippet: str  # plain text with MARK/UNMARK around matches (the blocks escape and bold them)


@dataclass(frozen=True)
class Page:
    hits: tuple[Hit, ...]
    offset: int
    more: bool
    unknown_owner: str | None = None  # owner:@name named nobody the directory knows


def search(session: Session, *, team_id: str, query: Query, offset: int = 0, page: int = PAGE) -> Page:
    owner = query.owner
    if owner and not is_user_id(owner):
        owner = _owner_named(session, team_id, owner)
        if owner is None:
            return Page((), offset, False, unknown_owner=query.owner)
    params = {"team_id": team_id, "limit": page + 1, "offset": max(0, offset)}
    filters = _filters(query, owner, params)
    if not query.words:
        return _newest(session, team_id=team_id, filters=filters, params=params, page=page, offset=offset)
    sqlite = session.get_bind().dialect.name == "sqlite"
    params["match"] = match_expression(query.words, sqlite=sqlite)
    if sqlite:
        rows = session.execute(text(SQLITE_RANK.format(filters=filters)), params).all()
        snippets = {row.id: row.snippet for row in rows}
        ids = [row.id for row in rows]
    else:
        ids = list(session.scalars(text(POSTGRES_RANK.format(filters=filters)), params))
        snippets = dict(session.execute(text(POSTGRES_HEADLINE), {"match": params["match"], "ids": ids[:page]}).all()
                        ) if ids else {}
    entries = records.by_ids(session, team_id=team_id, ids=ids[:page])
    hits = tuple(Hit(entries[id_], snippets.get(id_) or "") for id_ in ids[:page] if id_ in entries)
    return Page(hits, offset, len(ids) > page)


def match_expression(words: tuple[str, ...], *, sqlite: bool) -> str:
    """Every word must match; the last as a prefix (`onboard` finds "onboarding")."""
    if sqlite:
        return " ".join(f'"{word}"' for word in words[:-1]) + f' "{words[-1]}"*'
    return " & ".join([*words[:-1], f"{words[-1]}:*"])


def _filters(query: Query, owner: str | None, params: dict) -> str:
    """The WHERE conditions on `e` beyond the words, as bound parameters."""
    conditions = ["e.team_id = :team_id", "e.status IN (" + ", ".join(
        f":status{number}" for number in range(len(query.statuses))) + ")"]
    params.update({f"status{number}": status for number, status in enumerate(query.statuses)})
    if query.process:
        conditions.append("lower(e.process) = :process")
        params["process"] = query.process.lower()
    if owner:
        conditions.append("e.owner = :owner")
        params["owner"] = owner
    if query.tag:
        conditions.append("EXISTS (SELECT 1 FROM knowledge_tag AS t WHERE t.entry_id = e.id AND t.team_id = :team_id"
                          " AND t.tag = :tag)")
        params["tag"] = query.tag
    return " AND ".join(conditions)


def _newest(session: Session, *, team_id: str, filters: str, params: dict, page: int, offset: int) -> Page:
    ids = list(session.scalars(text(f"SELECT e.id FROM knowledge_entry AS e WHERE {filters} "
                                    "ORDER BY e.created_at DESC, e.id DESC LIMIT :limit OFFSET :offset"), params))
    entries = records.by_ids(session, team_id=team_id, ids=ids[:page])
    return Page(tuple(Hit(entries[id_], "") for id_ in ids[:page] if id_ in entries), offset, len(ids) > page)


def _owner_named(session: Session, team_id: str, name: str) -> str | None:
    """owner:@dave: the person the directory knows by that name (display or real name)."""
    return session.scalars(select(SlackUser.user_id).where(
        SlackUser.team_id == team_id, or_(func.lower(SlackUser.name) == name, func.lower(SlackUser.real_name) == name))
        .order_by(SlackUser.deleted, SlackUser.user_id).limit(1)).first()


