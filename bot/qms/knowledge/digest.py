"""What the knowledge base hands the weekly digest (the management review's 7.1.6 section): knowledge
captured this period (with its trend), overdue reviews, orphaned entries (their owner left), and every
process whose bus factor is 1 or 0. A fixed number of statements, whatever the number of entries."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.inputs import Figure, InputGroup, ItemList, ItemRef, Period
from bot.qms.knowledge import busfactor
from models import KnowledgeEntry, SlackUser

KEY, TITLE = "knowledge", "7.1.6 Organizational knowledge"
SHOWN = 5  # items per list; the rest are counted in `more`
NOTHING_SAVED = "Nothing saved to the knowledge base yet: every process depends on what people remember (bus factor 0)."
_CURRENT = select(func.count()).select_from(KnowledgeEntry).where(  # built once: every digest asks it
    KnowledgeEntry.team_id == bindparam("team_id"), KnowledgeEntry.status == "current")


def review_input(session: Session, *, team_id: str, period: Period, now: datetime,
                 settings: workspaces.WorkspaceSettings | None = None) -> InputGroup:
    settings = workspaces.settings_or_stored(session, team_id=team_id, settings=settings)
    captured = _captured(session, team_id, period)
    current = session.connection().execute(_CURRENT, {"team_id": team_id}).scalar_one()
    if not current and not captured[0]:
        # One line, not a list of every process: with nothing written down, each one's bus factor is 0.
        # (Nothing current means nothing overdue for review or orphaned either: no more to ask.)
        return InputGroup(KEY, TITLE, note=NOTHING_SAVED)
    overdue = _overdue(session, team_id, now)
    orphaned = _orphaned(session, team_id, now)
    processes = busfactor.by_process(session, team_id=team_id, processes=settings.processes, now=now)
    fragile = [p for p in processes if p.bus_factor <= 1]
    figures = (
        Figure("Knowledge captured", captured[0], tuple(captured[1:])),
        Figure("Current entries", current),
        Figure("Overdue for review", len(overdue)),
        Figure("Orphaned (owner left)", len(orphaned)),
        Figure("Processes with bus factor 1 or 0", len(fragile)),
    )
    lists = (
        _list("Overdue for review", [_ref(entry, now, f"review due {entry.next_review_at:%d %b}")
                                     for entry in overdue]),
        _list("Orphaned: the owner left the workspace", [_ref(entry, now, "a manager reassigns it from its card")
                                                         for entry in orphaned]),
        _list("Processes that depend on one head (or none)", [ItemRef(
            "process", p.process, p.process, owner=p.people[0] if p.people else None,
            note=f"bus factor {p.bus_factor}: " + (f"{p.entries} entries, all held by one person" if p.people
                                                   else "nothing written down")) for p in fragile]),
        _list("People who hold more than half of a process's knowledge", [
            ItemRef("process", p.process, p.process, owner=holder,
                    note=f"owns more than half of its {p.entries} entries")
            for p in processes if p.entries > 1 for holder in p.holders]),
    )
    return InputGroup(KEY, TITLE, figures, tuple(item for item in lists if item.items))


def _captured(session: Session, team_id: str, period: Period) -> list[int]:
    """Entries created in the period, then in each previous one (newest first)."""
    windows = [(period.start, period.end), *period.previous]
    earliest = min(start for start, _ in windows)
    created = list(session.scalars(select(KnowledgeEntry.created_at).where(
        KnowledgeEntry.team_id == team_id, KnowledgeEntry.created_at >= earliest,
        KnowledgeEntry.created_at < period.end)))
    return [sum(1 for moment in created if start <= moment < end) for start, end in windows]


def _overdue(session: Session, team_id: str, now: datetime) -> list[KnowledgeEntry]:
    return list(session.scalars(select(KnowledgeEntry).where(
        KnowledgeEntry.team_id == team_id, KnowledgeEntry.status == "current", KnowledgeEntry.next_review_at <= now)
        .order_by(KnowledgeEntry.next_review_at)))


def _orphaned(session: Session, team_id: str, now: datetime) -> list[KnowledgeEntry]:
    return list(session.scalars(select(KnowledgeEntry).join(SlackUser, (SlackUser.team_id == KnowledgeEntry.team_id)
                                                            & (SlackUser.user_id == KnowledgeEntry.owner)).where(
        KnowledgeEntry.team_id == team_id, KnowledgeEntry.status == "current", SlackUser.deleted.is_(True))
        .order_by(KnowledgeEntry.id)))


def _ref(entry: KnowledgeEntry, now: datetime, note: str) -> ItemRef:
    return ItemRef("kb", entry.record_id, entry.title, owner=entry.owner,
                   age_days=max(0, (now - entry.next_review_at).days), note=note)


def _list(heading: str, items: list[ItemRef]) -> ItemList:
    return ItemList(heading, tuple(items[:SHOWN]), more=max(0, len(items) - SHOWN))
