"""Nonconformances: report one, find them. The moves live in lifecycle."""
from __future__ import annotations

from datetime import datetime
from functools import cache

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.qms import audit, counters
from bot.qms.evidence import SourceMessage
from bot.qms.listing import TEAM, USER, with_links
from bot.qms.nc.lifecycle import OPEN
from bot.qms.prepared import Prepared
from bot.qms.rows import newest_first
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


# What a list shows of each NC (rows, not whole records: a list reads up to 50 of them per request),
# and the `link` to its card (bot.qms.listing.with_links).
LISTED = (Nonconformance.record_id, Nonconformance.title, Nonconformance.status)


def open_for(session: Session, *, team_id: str, user_id: str, limit: int = 50) -> list[tuple]:
    """Open NCs the user reported or owns, newest first (their LISTED columns and link)."""
    return _open_for(limit).all(session, {"team_id": team_id, "user_id": user_id})


def waiting_on(session: Session, *, team_id: str, user_id: str, is_manager: bool, limit: int = 50) -> list[tuple]:
    """Open NCs whose next step is the user's, newest first (their LISTED columns and link): the owner
    plans and marks done, a manager who neither owns it nor marked it done verifies."""
    return _waiting_on(is_manager, limit).all(session, {"team_id": team_id, "user_id": user_id})


# The lists' statements, built once (bot.qms.rows.newest_first): one index range per status and person.
@cache
def _open_for(limit: int):
    """Per open status, from the reporter index and from the owner index (records the person both
    reported and owns come from the first)."""
    reported = [_in(status) & (Nonconformance.reporter == USER) for status in OPEN]
    owned = [_in(status) & (Nonconformance.owner == USER) & (Nonconformance.reporter != USER) for status in OPEN]
    return _listed(newest_first(Nonconformance, [*reported, *owned], limit=limit, columns=LISTED))


@cache
def _waiting_on(is_manager: bool, limit: int):
    owned = [_in(status) & (Nonconformance.owner == USER) for status in ("investigating", "action")]
    to_verify = (_in("verification") & or_(Nonconformance.owner.is_(None), Nonconformance.owner != USER)
                 & or_(Nonconformance.done_by.is_(None), Nonconformance.done_by != USER))
    return _listed(newest_first(Nonconformance, [*owned, to_verify] if is_manager else owned, limit=limit,
                                columns=LISTED))


def _listed(statement) -> Prepared:
    return Prepared(with_links(statement, Nonconformance, "nc"))


def _in(status: str):
    return (Nonconformance.team_id == TEAM) & (Nonconformance.status == status)
