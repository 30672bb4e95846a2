"""What a knowledge entry's audit events say its row holds: `kb.created` the entry, its source message and
the NC its lesson came from (`nc_id`), each later event what it changed. The review stamps
(confirmed_at/by, next_review_at) and retirement follow from who acted when."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from bot.qms.replay import State, Trail, take_after
from models import KnowledgeEntry

REVIEWED = ("kb.created", "kb.edited", "kb.confirmed")  # each stamps the entry as true now
THREAD_STATES = {"kb.thread_added": "added", "kb.thread_unavailable": "failed"}


def fold(state: State, event) -> None:
    after = event.after or {}
    take_after(state, event)
    if event.action == "kb.created":
        state["thread_state"] = after.get("thread")
    if event.action in REVIEWED:
        state["confirmed_at"], state["confirmed_by"] = event.at, event.actor
        state["next_review_at"] = event.at + timedelta(days=state["review_days"])
    elif event.action == "kb.retired":
        state["retired_at"], state["retired_by"] = event.at, event.actor
    elif event.action in THREAD_STATES:
        state["thread_state"], state["thread_left_out"] = THREAD_STATES[event.action], after.get("left_out", 0)


def tags(session, team_id: str, entries: Sequence) -> Mapping[str, State]:
    """No tags are stored as None, but kept in the trail as []: compare them the trail's way."""
    return {entry.record_id: {"tags": list(entry.tags or [])} for entry in entries}


TRAIL = Trail("kb", KnowledgeEntry, created_by="kb.created", fold=fold, extra=tags, extra_initial={"tags": []})
