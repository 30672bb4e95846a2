"""The digest as plain values: each 9.3.2 input asked once, in design.md's order, then links to the cards
of every record it names (one statement per record type)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.approvals import digest as approvals_digest
from bot.qms.feedback import digest as feedback_digest
from bot.qms.inputs import InputGroup, Period, not_recorded
from bot.qms.knowledge import digest as knowledge_digest
from bot.qms.listing import card_links
from bot.qms.nc import digest as nc_digest
from bot.qms.objectives import digest as objectives_digest
from bot.qms.reviews import digest as actions_digest

Input = Callable[..., InputGroup]  # review_input(session, *, team_id, period, now, settings) -> InputGroup


def _placeholder(key: str, title: str) -> Input:
    return lambda session, *, team_id, period, now, settings=None: not_recorded(key, title)


# The inputs in the order the digest shows them (design.md "The weekly digest"). A feature that holds the
# records of an input swaps its placeholder for its own `review_input` (bot/qms/<feature>/digest.py).
INPUTS: list[Input] = [
    actions_digest.review_input,
    nc_digest.review_input,
    approvals_digest.review_input,
    feedback_digest.review_input,
    objectives_digest.review_input,
    knowledge_digest.review_input,
    _placeholder("c6", "c6) Audit results"),
    _placeholder("c7", "c7) Performance of external providers"),
    _placeholder("e", "e) Risks and opportunities"),
]


@dataclass(frozen=True)
class Digest:
    team_id: str
    period: Period
    groups: tuple[InputGroup, ...]
    links: dict[tuple[str, str], str] = field(default_factory=dict)  # (record type, record id) -> card link

    @property
    def quiet(self) -> bool:
        """Nothing named and nothing counted: the digest says so in one line."""
        return all(not group.lists and all(figure.value in (0, None, "0", "") for figure in group.figures)
                   for group in self.groups)


def build_digest(session: Session, *, team_id: str, period: Period, now: datetime,
                 inputs: list[Input] | None = None) -> Digest:
    settings = workspaces.current(session, team_id=team_id)  # read once, for every input
    groups = tuple(ask(session, team_id=team_id, period=period, now=now, settings=settings)
                   for ask in (inputs or INPUTS))
    return Digest(team_id, period, groups, links_for(session, team_id=team_id, groups=groups))


def links_for(session: Session, *, team_id: str, groups: tuple[InputGroup, ...]) -> dict[tuple[str, str], str]:
    named: dict[str, set[str]] = {}
    for group in groups:
        for entry in group.lists:
            for item in entry.items:
                named.setdefault(item.record_type, set()).add(item.record_id)
    return {(record_type, record_id): link for record_type, ids in sorted(named.items())
            for record_id, link in card_links(session, team_id=team_id, record_type=record_type,
                                              record_ids=sorted(ids)).items()}
