"""Nonconformances in `/qms mine` and on the Home tab."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot.qms.listing import LIMIT, Item, SectionSource, Viewer, card_links
from bot.qms.nc import records as nc
from bot.qms.nc.lifecycle import STATUS_LABELS


def nc_items(session: Session, team_id: str, records: Sequence) -> list[Item]:
    links = card_links(session, team_id=team_id, record_type="nc", record_ids=[record.record_id for record in records])
    return [Item(record.record_id, record.title, STATUS_LABELS[record.status], links.get(record.record_id))
            for record in records]


def ncs_waiting(session: Session, viewer: Viewer) -> list[Item]:
    return nc_items(session, viewer.team_id, nc.waiting_on(session, team_id=viewer.team_id, user_id=viewer.user_id,
                                                           is_manager=viewer.is_manager, limit=LIMIT))


def ncs_open(session: Session, viewer: Viewer) -> list[Item]:
    return nc_items(session, viewer.team_id, nc.open_for(session, team_id=viewer.team_id, user_id=viewer.user_id,
                                                         limit=LIMIT))


SECTIONS = [
    SectionSource("Nonconformances waiting on you", "No nonconformance is waiting on you.", ncs_waiting),
    SectionSource("Your open nonconformances", "You have no open nonconformances.", ncs_open),
]
