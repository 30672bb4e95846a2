"""What happens to an entry after it is saved, and who may: edit (a new version), still true (the
review stamped), retire, reassign (a manager, when the owner has left), and the thread's replies
arriving. Each is one audit event; a refusal changes nothing."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.qms import audit
from bot.qms.knowledge import records
from bot.qms.knowledge.records import RECORD_TYPE
from bot.qms.refusals import Refused
from models import KnowledgeEntry

STATUS_LABELS = {"current": "Current", "retired": "Retired"}
ACTIONS = ("edit", "confirm", "retire", "reassign")


def refusal(entry: KnowledgeEntry | None, action: str, user_id: str, is_manager: Callable[[], bool],
            record_id: str = "") -> Refused | None:
    """Why `user_id` may not take `action` on `entry` now (None when they may). The owner or a manager
    edits, confirms and retires; only a manager reassigns."""
    if entry is None:
        return Refused("missing", record_id=record_id or "KB-?")
    if entry.status == "retired":
        return Refused("retired", entry)
    if action == "reassign":
        return None if is_manager() else Refused("not_manager", entry, action=action)
    if entry.owner != user_id and not is_manager():
        return Refused("not_owner", entry, action=action)
    return None


def _entry(session: Session, team_id: str, record_id: str, action: str, actor: str,
           is_manager: Callable[[], bool]) -> KnowledgeEntry:
    entry = records.get(session, team_id=team_id, record_id=record_id, lock=True)
    refused = refusal(entry, action, actor, is_manager, record_id)
    if refused:
        raise refused
    return entry


def edit(session: Session, *, team_id: str, record_id: str, actor: str, is_manager: Callable[[], bool],
         values: dict, now: datetime) -> KnowledgeEntry:
    """A new version (kept beside the earlier ones); editing it also confirms it is true now."""
    entry = _entry(session, team_id, record_id, "edit", actor, is_manager)
    before = records.snapshot(entry)
    for name, value in values.items():
        setattr(entry, name, value)
    after = records.snapshot(entry)
    if after == before:
        raise Refused("unchanged", entry)
    entry.version += 1
    entry.updated_at = entry.confirmed_at = now
    entry.confirmed_by = actor
    entry.next_review_at = now + timedelta(days=entry.review_days)
    session.add(entry)
    session.flush()
    if before["tags"] != after["tags"]:
        records.set_tags(session, entry)
    records.add_version(session, entry, editor=actor, now=now)
    changed = sorted(name for name in after if after[name] != before[name])
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=entry.record_id, action="kb.edited",
                 actor=actor, now=now, before={"version": entry.version - 1, **{k: before[k] for k in changed}},
                 after={"version": entry.version, **{k: after[k] for k in changed}})
    return entry


def confirm(session: Session, *, team_id: str, record_id: str, actor: str, is_manager: Callable[[], bool],
            now: datetime) -> KnowledgeEntry:
    """"Still true": the review is stamped and the next one falls due after the entry's interval."""
    entry = _entry(session, team_id, record_id, "confirm", actor, is_manager)
    before = {"confirmed_at": entry.confirmed_at, "next_review_at": entry.next_review_at}
    entry.confirmed_at, entry.confirmed_by = now, actor
    entry.next_review_at = now + timedelta(days=entry.review_days)
    entry.updated_at = now
    session.add(entry)
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=entry.record_id,
                 action="kb.confirmed", actor=actor, now=now, before=before,
                 after={"confirmed_at": now, "next_review_at": entry.next_review_at})
    return entry


def retire(session: Session, *, team_id: str, record_id: str, actor: str, is_manager: Callable[[], bool],
           now: datetime) -> KnowledgeEntry:
    """No longer true: kept (and found with `status:retired`), no longer offered or reviewed."""
    entry = _entry(session, team_id, record_id, "retire", actor, is_manager)
    entry.status, entry.retired_at, entry.retired_by, entry.updated_at = "retired", now, actor, now
    session.add(entry)
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=entry.record_id, action="kb.retired",
                 actor=actor, now=now, before={"status": "current"}, after={"status": "retired"})
    return entry


def reassign(session: Session, *, team_id: str, record_id: str, actor: str, is_manager: Callable[[], bool],
             owner: str, now: datetime) -> KnowledgeEntry:
    """A manager gives the entry a new owner (the old one left, or handed it over)."""
    entry = _entry(session, team_id, record_id, "reassign", actor, is_manager)
    if entry.owner == owner:
        return entry
    before = entry.owner
    entry.owner, entry.updated_at = owner, now
    session.add(entry)
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=entry.record_id,
                 action="kb.reassigned", actor=actor, now=now, before={"owner": before}, after={"owner": owner})
    return entry


def add_thread(session: Session, *, entry: KnowledgeEntry, text: str | None, left_out: int,
               now: datetime) -> KnowledgeEntry:
    """The thread's replies, read after the save's ack, kept with the entry (and indexed); `text` None:
    Slack could not give them, and the entry keeps only the message."""
    entry.thread_text, entry.thread_left_out = text, left_out
    entry.thread_state = "added" if text is not None else "failed"
    entry.updated_at = now
    session.add(entry)
    audit.record(session, team_id=entry.team_id, record_type=RECORD_TYPE, record_id=entry.record_id,
                 action="kb.thread_added" if text is not None else "kb.thread_unavailable", actor=None, now=now,
                 after={"thread_text": text, "left_out": left_out})
    return entry
