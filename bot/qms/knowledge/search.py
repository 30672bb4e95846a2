"""`/qms kb <query>`: full-text search, ranked, with highlighted snippets, the same on both databases.

SQLite: FTS5 `MATCH` with bm25 (title weighs most, then the text, then the thread) and snippet();
PostgreSQL: the weighted tsvector with ts_rank and ts_headline. The match expression is built here
from bot.qms.knowledge.query's words (letters and digits only): each word quoted on SQLite, joined
with `&` on PostgreSQL, the last matched as a prefix.

Ranking every match of a word that a third of 100k entries contain would cost a few hundred ms, so
matches are ranked in two tiers, each over a bounded pool: first the entries whose title has every
word (the newest TITLE_POOL of them), then all the others (among the newest POOL matches). A search
matching fewer entries than that — nearly every search — is ranked over all its matches. When the
title tier alone fills the page (and shows there is more), the other tier is not asked at all. On SQLite
each pool is one statement that walks the index newest first and stops at the pool's size, scoring
only the rows it visits (bm25); PostgreSQL needs one or two (bot.qms.knowledge.postgres, ts_rank).
The pool is ordered here. Then the page's entries are loaded (and, on PostgreSQL, their headlines
made): a fixed number of statements whatever the table holds. SQLite's snippets are made here from
the loaded text (bot.qms.knowledge.snippets): asking FTS5 for them row
by row re-reads a prefix's whole doclist each time.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, func, or_, select, text
from sqlalchemy.orm import Session

from bot.qms.knowledge import postgres, records
from bot.qms.knowledge.query import Query, is_user_id
from bot.qms.knowledge.snippets import MARK, UNMARK, snippet
from models import KnowledgeEntry, SlackUser

PAGE = 5
POOL, TITLE_POOL = 200, 50
SNIPPET_WORDS = 24
SQLITE_WEIGHTS = "10.0, 3.0, 1.0"  # title, body, thread_text
# (id, score): the lower the score, the better the match (bm25's sign; ts_rank negated).
SQLITE_POOL = f"""
SELECT f.rowid AS id, bm25(knowledge_fts, {SQLITE_WEIGHTS}) AS score
FROM knowledge_fts AS f JOIN knowledge_entry AS e ON e.id = f.rowid
WHERE knowledge_fts MATCH :match AND {{filters}} ORDER BY f.rowid DESC LIMIT :pool
"""
POSTGRES_HEADLINE = f"""
SELECT id, ts_headline('english', body || coalesce(' … ' || thread_text, ''), to_tsquery('english', :match),
  'StartSel={MARK}, StopSel={UNMARK}, MaxWords={SNIPPET_WORDS}, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "')
FROM knowledge_entry WHERE id IN :ids
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
    params = {"team_id": team_id}
    filters = _filters(query, owner, params)
    if not query.words:
        return _newest(session, team_id=team_id, filters=filters, params=params, page=page, offset=offset)
    sqlite = session.get_bind().dialect.name == "sqlite"
    title, anywhere = (match_expression(query.words, sqlite=sqlite, title_only=True),
                       match_expression(query.words, sqlite=sqlite))
    offset = max(0, offset)
    ranked: list[int] = []
    for tier, size in (("title", TITLE_POOL), ("anywhere", POOL)):
        if len(ranked) > offset + page:  # title matches come first: they alone fill the page and tell of more
            break
        if sqlite:
            rows = session.execute(text(SQLITE_POOL.format(filters=filters)),
                                   {**params, "match": title if tier == "title" else anywhere, "pool": size}).all()
        else:  # bot.qms.knowledge.postgres picks the title tier's own walk and index
            rows = postgres.pool(session, tier=tier, filters=filters, params=params, match=anywhere, size=size)
        ranked += _ranked(rows)
    ids = list(dict.fromkeys(ranked))[offset:offset + page + 1]
    entries = records.by_ids(session, team_id=team_id, ids=ids[:page])
    if sqlite:
        snippets = {id_: snippet(entries[id_], query.words, SNIPPET_WORDS) for id_ in entries}
    elif entries:
        snippets = dict(session.execute(text(POSTGRES_HEADLINE).bindparams(bindparam("ids", expanding=True)),
                                        {"match": anywhere, "ids": list(entries)}).all())
    else:
        snippets = {}
    hits = tuple(Hit(entries[id_], snippets.get(id_) or "") for id_ in ids[:page] if id_ in entries)
    return Page(hits, offset, len(ids) > page)


def _ranked(rows) -> list[int]:
    """A pool's ids, best first (the newest first among equals)."""
    return [row.id for row in sorted(rows, key=lambda row: (row.score, -row.id))]


def match_expression(words: tuple[str, ...], *, sqlite: bool, title_only: bool = False) -> str:
    """Every word must match; the last as a prefix (`onboard` finds "onboarding"). `title_only`: in the
    title (an FTS5 column filter; PostgreSQL matches the title's own index instead)."""
    if sqlite:
        expression = " ".join(f'"{word}"' for word in words[:-1]) + f' "{words[-1]}"*'
        return f"title : ({expression})" if title_only else expression
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
                                    "ORDER BY e.created_at DESC, e.id DESC LIMIT :limit OFFSET :offset"),
                               {**params, "limit": page + 1, "offset": max(0, offset)}))
    entries = records.by_ids(session, team_id=team_id, ids=ids[:page])
    return Page(tuple(Hit(entries[id_], "") for id_ in ids[:page] if id_ in entries), offset, len(ids) > page)


def _owner_named(session: Session, team_id: str, name: str) -> str | None:
    """owner:@dave: the person the directory knows by that name (display or real name)."""
    return session.scalars(select(SlackUser.user_id).where(
        SlackUser.team_id == team_id, or_(func.lower(SlackUser.name) == name, func.lower(SlackUser.real_name) == name))
        .order_by(SlackUser.deleted, SlackUser.user_id).limit(1)).first()


