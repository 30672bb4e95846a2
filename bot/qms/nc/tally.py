"""Open NCs per severity and process, read from the tally the database keeps (models.tally): a few dozen
rows whatever the number of NCs."""
from __future__ import annotations

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from bot.qms.nc.lifecycle import OPEN
from models import NcTally

_OPEN = select(NcTally.severity, NcTally.process, NcTally.records).where(
    NcTally.team_id == bindparam("team_id"), NcTally.status.in_(OPEN), NcTally.records > 0)
_OPEN_TOTAL = select(func.coalesce(func.sum(NcTally.records), 0)).where(
    NcTally.team_id == bindparam("team_id"), NcTally.status.in_(OPEN))


def open_counts(session: Session, *, team_id: str) -> dict[tuple[str, str], int]:
    """(severity, process) -> open NCs (every open status together)."""
    counts: dict[tuple[str, str], int] = {}
    for severity, process, records in session.connection().execute(_OPEN, {"team_id": team_id}):
        counts[severity, process] = counts.get((severity, process), 0) + records
    return counts


def open_total(session: Session, *, team_id: str) -> int:
    return session.connection().execute(_OPEN_TOTAL, {"team_id": team_id}).scalar_one()
