"""PostgreSQL's pool of newest matches for one search tier (bot.qms.knowledge.search).

The planner cannot tell a common word from a rare one (a tsquery's selectivity is a guess), and the
two need opposite plans: a common word is found at once by walking the newest rows, a rare one only
through the GIN index (walking would read the whole table), and the index is slow for a common word
(it rechecks tens of thousands of rows). So the newest WINDOW rows are walked first; only when they
hold fewer than the pool's size is the index asked (`e.id + 0` keeps the planner off the id order).
At most two statements per tier. The title tier walks the stored vector's title lexemes (weight A);
its index is the title's own expression index (weights cannot be looked up in a GIN index).
"""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

WINDOW = 3000
TITLE_WINDOW = 1000  # titles match less often, but each row walked costs the same: a shorter walk
RANK = "-ts_rank(e.search, to_tsquery('english', :match), 1) AS score"
MATCHES = {"anywhere": "e.search @@ to_tsquery('english', :match)",
           # walking: the stored vector's title lexemes (weight A), no vector made per row
           "title walk": "e.search @@ to_tsquery('english', :title_match)",
           "title": "to_tsvector('english'::regconfig, e.title) @@ to_tsquery('english', :match)"}
# The window is a subquery of the columns the match needs (not joined back to the table, which lets the
# planner join it to a GIN scan of every match): its rows come newest first and the walk stops at :pool.
WALK = f"""
SELECT e.id, {RANK} FROM (SELECT e.id, e.search, e.title FROM knowledge_entry AS e WHERE {{filters}}
                          ORDER BY e.id DESC LIMIT :window) AS e
WHERE {{match}} ORDER BY e.id DESC LIMIT :pool
"""
INDEXED = f"""
SELECT e.id, {RANK} FROM knowledge_entry AS e WHERE {{match}} AND {{filters}} ORDER BY e.id + 0 DESC LIMIT :pool
"""


def pool(session: Session, *, tier: str, filters: str, params: dict, match: str, size: int) -> list:
    """(id, score) of the newest `size` matches, the lower the score the better."""
    values = {**params, "match": match, "title_match": title_only(match), "pool": size,
              "window": TITLE_WINDOW if tier == "title" else WINDOW}
    walked = MATCHES["title walk" if tier == "title" else tier]
    rows = session.execute(text(WALK.format(match=walked, filters=filters)), values).all()
    if len(rows) < size:
        rows = session.execute(text(INDEXED.format(match=MATCHES[tier], filters=filters)), values).all()
    return rows


def title_only(match: str) -> str:
    """A tsquery of words joined with `&` (the last one a prefix) matching them in titles only: weight A."""
    return " & ".join(f"{word}A" if word.endswith(":*") else f"{word}:A" for word in match.split(" & "))
