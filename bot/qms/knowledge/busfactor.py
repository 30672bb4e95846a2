"""The bus factor (ISO 9001 7.1.6): for each process, how many people still here own or wrote its current
knowledge, what of it is overdue for review, and who holds more than half of it. A process with a bus
factor of 1 depends on one head; 0 means nothing is written down at all.

Two statements whatever the number of entries: the current entries' owners and authors, and who has left.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import KnowledgeEntry, SlackUser


@dataclass(frozen=True)
class ProcessKnowledge:
    process: str
    entries: int
    people: tuple[str, ...]  # who owns or wrote its current entries and is still in the workspace
    overdue: int
    holders: tuple[str, ...]  # owners of more than half its current entries

    @property
    def bus_factor(self) -> int:
        return len(self.people)


def by_process(session: Session, *, team_id: str, processes: Iterable[str], now: datetime) -> list[ProcessKnowledge]:
    """Every process of the workspace (and any other an entry names), in the workspace's order."""
    rows = session.execute(select(KnowledgeEntry.process, KnowledgeEntry.owner, KnowledgeEntry.author,
                                  KnowledgeEntry.next_review_at).where(
        KnowledgeEntry.team_id == team_id, KnowledgeEntry.status == "current")).all()
    gone = left(session, team_id=team_id)
    names = list(dict.fromkeys([*processes, *(row.process for row in rows)]))
    found = []
    for name in names:
        mine = [row for row in rows if row.process == name]
        people = {person for row in mine for person in (row.owner, row.author) if person and person not in gone}
        owners = Counter(row.owner for row in mine)
        holders = tuple(sorted(owner for owner, count in owners.items() if count * 2 > len(mine)))
        overdue = sum(1 for row in mine if row.next_review_at <= now)
        found.append(ProcessKnowledge(name, len(mine), tuple(sorted(people)), overdue, holders))
    return found


def left(session: Session, *, team_id: str) -> set[str]:
    """Who Slack has said is no longer in the workspace (users.info deleted, a user_change event)."""
    return set(session.scalars(select(SlackUser.user_id).where(SlackUser.team_id == team_id,
                                                               SlackUser.deleted.is_(True))))

