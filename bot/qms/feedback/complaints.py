"""A low score raised as a nonconformance (a customer complaint, ISO 9001 8.7 / 9.1.2), linked both ways:
the NC names its feedback (`feedback_id`), the feedback its NC (`raised_nc`)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.qms import audit
from bot.qms.evidence import SourceMessage
from bot.qms.feedback import records
from bot.qms.feedback.rules import SCALES, is_low
from bot.qms.nc import records as ncs
from bot.qms.refusals import Refused
from models import Feedback, Nonconformance

TITLE_MAX = 150


def can_raise(record: Feedback | None, record_id: str) -> Refused | None:
    """Why no NC can be raised from this feedback now (None: one can)."""
    if record is None:
        return Refused("feedback_not_found", record_id=record_id)
    if record.raised_nc:
        return Refused("feedback_nc_raised", record)
    return None


def prefill(record: Feedback) -> dict:
    """What the NC report modal starts with: a customer complaint about this customer, saying what they said."""
    highest = SCALES[record.scale][1]
    said = (record.comment or "").strip()
    title = f"Complaint from {record.customer}: " + (said.splitlines()[0] if said else f"scored {record.score}")
    description = f"{record.record_id}: {record.customer} scored {record.score}/{highest}." + (
        f"\n{said}" if said else "")
    return {"title": title[:TITLE_MAX], "description": description[:3000], "customer": record.customer,
            "source": "customer_complaint", "is_low": is_low(record.scale, record.score)}


def raise_nc(session: Session, *, team_id: str, reporter: str, feedback_id: str, values: dict, now: datetime,
             evidence: SourceMessage | None = None) -> tuple[Nonconformance, Feedback]:
    """Report the NC and link it to its feedback (each with its audit event); refused, nothing stored, when the
    feedback is gone or already has its NC (two people clicking at once: the second is refused)."""
    record = records.get(session, team_id=team_id, record_id=feedback_id)
    refusal = can_raise(record, feedback_id)
    if refusal:
        raise refusal
    nc = ncs.report(session, team_id=team_id, reporter=reporter, values={**values, "feedback_id": record.record_id},
                    evidence=evidence, now=now)
    claimed = session.execute(
        Feedback.__table__.update().where(Feedback.id == record.id, Feedback.raised_nc.is_(None))
        .values(raised_nc=nc.record_id)).rowcount
    if claimed != 1:
        raise Refused("feedback_nc_raised", record)
    session.refresh(record)
    audit.record(session, team_id=team_id, record_type=records.RECORD_TYPE, record_id=record.record_id,
                 action="feedback.nc_raised", actor=reporter, now=now, before={"raised_nc": None},
                 after={"raised_nc": nc.record_id})
    return nc, record
