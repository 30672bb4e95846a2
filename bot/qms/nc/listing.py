"""Nonconformances in `/qms mine` and on the Home tab."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot.qms.listing import LIMIT, Item, SectionSource, Viewer
from bot.qms.nc import records as nc
from bot.qms.nc.lifecycle import STATUS_LABELS


def nc_items(rows: Sequence) -> list[Item]:
    return [Item(row.record_id, row.title, STATUS_LABELS[row.status], row.link) for row in rows]


def ncs_waiting(session: Session, viewer: Viewer) -> list[Item]:
    return nc_items(nc.waiting_on(session, team_id=viewer.team_id, user_id=viewer.user_id,
                                  is_manager=viewer.is_manager, limit=LIMIT))


def ncs_open(session: Session, viewer: Viewer) -> list[Item]:
    return nc_items(nc.open_for(session, team_id=viewer.team_id, user_id=viewer.user_id, limit=LIMIT))


SECTIONS = [
    SectionSource("Nonconformances waiting on you", "No nonconformance is waiting on you.", ncs_waiting),
    SectionSource("Your open nonconformances", "You have no open nonconformances.", ncs_open),
]
