"""What a knowledge entry's audit events say is stored: `kb.created` the entry, its source message and the
NC its lesson came from (`nc_id`), each later event what it changed. The review stamps (confirmed_at/by,
next_review_at) and retirement follow from who acted when; each save or edit is one kept version."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.qms.knowledge.records import AUDITED
from bot.qms.replay import State, Trail, children, take_after
from models import KnowledgeEntry, KnowledgeVersion

VERSIONED = ("kb.created", "kb.edited")  # each keeps a version
REVIEWED = (*VERSIONED, "kb.confirmed")  # each stamps the entry as true now
THREAD_STATES = {"kb.thread_added": "added", "kb.thread_unavailable": "failed"}


def fold(state: State, event) -> None:
    after = event.after or {}
    take_after(state, event)
    if event.action == "kb.created":
        state["thread_state"] = after.get("thread")
    if event.action in REVIEWED:
        state["confirmed_at"], state["confirmed_by"] = event.at, event.actor
        state["next_review_at"] = event.at + timedelta(days=state["review_days"])
    if event.action in VERSIONED:
        state["versions"].append(_version(state["version"], {name: state[name] for name in AUDITED}, event.actor,
                                          event.at))
    elif event.action == "kb.retired":
        state["retired_at"], state["retired_by"] = event.at, event.actor
    elif event.action in THREAD_STATES:
        state["thread_state"], state["thread_left_out"] = THREAD_STATES[event.action], after.get("left_out", 0)


def _version(number: int, content: dict, edited_by: str | None, edited_at) -> dict:
    return {"version": number, **content, "tags": list(content["tags"] or []), "edited_by": edited_by,
            "edited_at": edited_at}


def stored(session: Session, team_id: str, entries: Sequence) -> Mapping[str, State]:
    """Each entry's kept versions, in one query; its tags as the trail keeps them (none is [], not None)."""
    found: dict[str, State] = {entry.record_id: {"tags": list(entry.tags or []), "versions": []}
                               for entry in entries}
    query = (select(KnowledgeVersion.entry_id, KnowledgeVersion.version, KnowledgeVersion.edited_by,
                    KnowledgeVersion.edited_at, *(getattr(KnowledgeVersion, name) for name in AUDITED))
             .where(KnowledgeVersion.team_id == team_id).order_by(KnowledgeVersion.entry_id, KnowledgeVersion.version))
    for record_id, row in children(session, entries, query, KnowledgeVersion.entry_id):
        found[record_id]["versions"].append(_version(row.version, {name: row._mapping[name] for name in AUDITED},
                                                     row.edited_by, row.edited_at))
    return found


TRAIL = Trail("kb", KnowledgeEntry, created_by="kb.created", fold=fold, extra=stored,
              extra_initial={"tags": [], "versions": []})
