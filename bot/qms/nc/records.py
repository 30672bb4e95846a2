"""Nonconformances: report one, find them. The moves live in lifecycle."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.qms import audit, counters
from bot.qms.evidence import SourceMessage
from bot.qms.nc.lifecycle import OPEN
from models import Nonconformance


def report(session: Session, *, team_id: str, reporter: str, values: dict, now: datetime,
           evidence: SourceMessage | None = None) -> Nonconformance:
    """Store a new NC (its draft already checked) with its 'nc.created' audit event."""
    values = dict(values)
    if evidence is not None:
        values.update(evidence.columns())
    record = Nonconformance(team_id=team_id, record_id=counters.next_id(session, team_id=team_id, kind="nc"),
                            reporter=reporter, status="open", created_at=now, updated_at=now, **values)
    session.add(record)
    session.flush()
    audit.record(session, team_id=team_id, record_type="nc", record_id=record.record_id, action="nc.created",
                 actor=reporter, now=now, after={"status": "open", "reporter": reporter, **values})
    return record


def get(session: Session, *, team_id: str, record_id: str) -> Nonconformance | None:
    return session.scalars(select(Nonconformance).where(
        Nonconformance.team_id == team_id, Nonconformance.record_id == record_id.upper())).first()


def exists(session: Session, *, team_id: str, record_id: str) -> bool:
    return get(session, team_id=team_id, record_id=record_id) is not None


def open_for(session: Session, *, team_id: str, user_id: str, limit: int = 50) -> list[Nonconformance]:
    """Open NCs the user reported or owns, newest first."""
    mine = or_(Nonconformance.reporter == user_id, Nonconformance.owner == user_id)
    return _open(session, team_id, mine, limit)


def waiting_on(session: Session, *, team_id: str, user_id: str, is_manager: bool,
               limit: int = 50) -> list[Nonconformance]:
    """Open NCs whose next step is the user's: the owner plans and marks done, a
    manager who neither owns it nor marked it done verifies."""
    owned = (Nonconformance.owner == user_id) & Nonconformance.status.in_(("investigating", "action"))
    if not is_manager:
        return _open(session, team_id, owned, limit)
    to_verify = ((Nonconformance.status == "verification")
                 & or_(Nonconformance.owner.is_(None), Nonconformance.owner != user_id)
                 & or_(Nonconformance.done_by.is_(None), Nonconformance.done_by != user_id))
    return _open(session, team_id, or_(owned, to_verify), limit)


def _open(session: Session, team_id: str, condition, limit: int) -> list[Nonconformance]:
    return list(session.scalars(select(Nonconformance).where(
        Nonconformance.team_id == team_id, Nonconformance.status.in_(OPEN), condition)
        .order_by(Nonconformance.id.desc()).limit(limit)))
