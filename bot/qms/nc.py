"""Nonconformances: report one, find them. The moves live in nc_lifecycle."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.qms import audit, counters
from bot.qms.evidence import SourceMessage
from bot.qms.nc_rules import OPEN
from models import Nonconformance

SEVERITIES = ("minor", "major", "critical")
SOURCES = ("internal", "customer_complaint", "internal_audit", "supplier")
TITLE_MAX = 150
TEXT_MAX = 3000
LIMITS = {"title": TITLE_MAX, "description": TEXT_MAX, "customer": 200, "process": 75}
REPORT_FIELDS = ("title", "description", "severity", "process", "customer", "source")


def check_report(answers: dict) -> dict[str, str]:
    """Problems with a report, by field name (the modal shows each under its field)."""
    errors = {}
    if not answers.get("title"):
        errors["title"] = "Give the nonconformance a short title."
    for name, limit in LIMITS.items():
        value = answers.get(name) or ""
        if len(value) > limit:
            errors[name] = f"Keep this to {limit} characters or fewer (it has {len(value)})."
    if answers.get("severity") not in SEVERITIES:
        errors["severity"] = "Pick how severe it is."
    if not answers.get("process"):
        errors["process"] = "Pick the process where it happened."
    if answers.get("source") not in SOURCES:
        errors["source"] = "Pick where it came from."
    return errors


def report(session: Session, *, team_id: str, reporter: str, answers: dict, now: datetime,
           evidence: SourceMessage | None = None) -> Nonconformance:
    """Store a new NC (answers already checked) with its 'nc.created' audit event."""
    values = {name: answers.get(name) or None for name in REPORT_FIELDS}
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


def open_for(session: Session, *, team_id: str, user_id: str, limit: int = 50) -> list[Nonconformance]:
    """Open NCs the user reported or owns, newest first."""
    mine = or_(Nonconformance.reporter == user_id, Nonconformance.owner == user_id)
    return _open(session, team_id, mine, limit)


def waiting_on(session: Session, *, team_id: str, user_id: str, is_manager: bool,
               limit: int = 50) -> list[Nonconformance]:
    """Open NCs whose next step is the user's: the owner plans and marks done, a
    manager who is not the owner verifies."""
    owned = (Nonconformance.owner == user_id) & Nonconformance.status.in_(("investigating", "action"))
    if not is_manager:
        return _open(session, team_id, owned, limit)
    to_verify = (Nonconformance.status == "verification") & or_(
        Nonconformance.owner.is_(None), Nonconformance.owner != user_id)
    return _open(session, team_id, or_(owned, to_verify), limit)


def _open(session: Session, team_id: str, condition, limit: int) -> list[Nonconformance]:
    return list(session.scalars(select(Nonconformance).where(
        Nonconformance.team_id == team_id, Nonconformance.status.in_(OPEN), condition)
        .order_by(Nonconformance.id.desc()).limit(limit)))
