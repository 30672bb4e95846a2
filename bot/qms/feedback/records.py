"""Customer feedback: log it (FB-n, one audit event), find it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.qms import audit, counters
from bot.qms.approvals import records as approvals
from bot.qms.evidence import SourceMessage
from bot.qms.feedback import customers
from bot.qms.feedback.rules import FeedbackDraft
from bot.qms.listing import TEAM, USER
from bot.qms.nc import records as ncs
from bot.qms.prepared import Prepared
from models import Feedback

RECORD_TYPE = "feedback"


def stored_problems(session: Session, *, team_id: str, draft: FeedbackDraft) -> dict[str, str]:
    """What the database says is wrong with a draft (rules.problems checked the rest): a related NC or
    approval that does not exist, a chosen customer that is no longer known."""
    problems = {}
    related = draft.related_id
    if related:
        found = (ncs.exists(session, team_id=team_id, record_id=related) if related.startswith("NC-")
                 else approvals.get(session, team_id=team_id, record_id=related) is not None)
        if not found:
            problems["related"] = f"There is no {related} in this workspace."
    if draft.customer_id and customers.get(session, team_id=team_id, customer_id=draft.customer_id) is None:
        problems["customer"] = "Pick the customer again: that one is no longer known."
    return problems


def log(session: Session, *, team_id: str, logged_by: str, draft: FeedbackDraft, scale: str, now: datetime,
        evidence: SourceMessage | None = None, author_team: str | None = None) -> Feedback:
    """Store checked feedback with its 'feedback.logged' audit event; a new customer name becomes a customer,
    and a customer named for a Slack Connect author's message is remembered as that organisation."""
    customer = (customers.get(session, team_id=team_id, customer_id=draft.customer_id) if draft.customer_id
                else None) or customers.named(session, team_id=team_id, name=draft.customer_name or "?", now=now)
    customers.recognise(customer, author_team, team_id)
    related = draft.related_id
    values = {"customer": customer.name, "scale": scale, "score": int(draft.score), "comment": draft.comment,
              "received_via": draft.received_via,
              "related_nc": related if related and related.startswith("NC-") else None,
              "related_approval": related if related and related.startswith("APR-") else None}
    record = Feedback(team_id=team_id, record_id=counters.next_id(session, team_id=team_id, kind="feedback"),
                      customer_id=customer.id, logged_by=logged_by, created_at=now, **values,
                      **(evidence.columns() if evidence else {}))
    session.add(record)
    session.flush()
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=record.record_id,
                 action="feedback.logged", actor=logged_by, now=now,
                 after={**values, "customer_id": customer.id, "logged_by": logged_by,
                        **(evidence.columns() if evidence else {})})
    return record


def get(session: Session, *, team_id: str, record_id: str) -> Feedback | None:
    return session.scalars(select(Feedback).where(Feedback.team_id == team_id,
                                                  Feedback.record_id == record_id.upper())).first()


def logged_by(session: Session, *, team_id: str, user_id: str, limit: int = 50) -> list[tuple]:
    """What the user logged, newest first: the columns a list shows (LISTED)."""
    return LOGGED_BY.all(session, {"team_id": team_id, "user_id": user_id, "limit": limit})


LISTED = (Feedback.record_id, Feedback.customer, Feedback.score, Feedback.scale, Feedback.raised_nc)
LOGGED_BY = Prepared(select(*LISTED)  # built once: every /qms mine and Home tab asks it
                      .where(Feedback.team_id == TEAM, Feedback.logged_by == USER)
                      .order_by(Feedback.id.desc()).limit(bindparam("limit")))


def source_of(record: Feedback) -> SourceMessage | None:
    """The message the feedback was logged from, as evidence for what is made from it next."""
    if not record.source_channel or not record.source_ts:
        return None
    return SourceMessage(channel=record.source_channel, ts=record.source_ts, author=record.source_author,
                         text=record.source_text, permalink=record.source_permalink,
                         author_name=record.source_author_name, private=record.source_private,
                         shown=record.source_shown)
