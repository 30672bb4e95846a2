"""What the reminder sweep hears about approval requests (bot.qms.inputs.Due, kind "pending_approval").

A request pending past its due date, or for more than 24 hours: each approver who has not decided yet;
after 3 working days (the workspace's calendar) also the requester, as an escalation, so they can chase
or withdraw it. One statement, however many requests.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.qms.approvals.records import RECORD_TYPE
from bot.qms.audit import as_utc
from bot.qms.inputs import Due, ItemRef
from bot.qms.reminders.calendar import Calendar, day_after_due, zone
from bot.qms.reminders.context import settings_of
from bot.qms.reminders.guard import each
from models import ApprovalApprover, ApprovalRequest

PENDING_APPROVAL = "pending_approval"
WAIT = timedelta(hours=24)
REQUESTER_AFTER_WORKING_DAYS = 3


def reminders_due(session: Session, *, team_id: str, now: datetime) -> list[Due]:
    settings = settings_of(session, team_id=team_id)
    tz, calendar = zone(settings.timezone), Calendar(settings.working_days)
    rows = session.execute(select(  # only what a reminder shows: no description or evidence text loaded
        ApprovalRequest.record_id, ApprovalRequest.title, ApprovalRequest.requester, ApprovalRequest.due_on,
        ApprovalRequest.created_at, ApprovalApprover.user_id).join(
        ApprovalApprover, ApprovalApprover.request_id == ApprovalRequest.id).where(
        # Scoped by the request's team: an approver row belongs to its request (and an approver team filter
        # would lead SQLite to walk every approver of the workspace instead of the few pending requests).
        ApprovalRequest.team_id == team_id, ApprovalRequest.status == "pending",
        ApprovalApprover.decision == "pending",
        or_(ApprovalRequest.created_at <= now - WAIT, ApprovalRequest.due_on < now.astimezone(tz).date()))
        .order_by(ApprovalRequest.id, ApprovalApprover.position)).tuples().all()
    waiting: dict[str, tuple[tuple, list[str]]] = {}  # record id -> (the request's columns, its approvers)
    for *request, approver in rows:
        waiting.setdefault(request[0], (request, []))[1].append(approver)

    def pending(entry: tuple[tuple, list[str]]) -> list[Due]:
        (record_id, title, requester, due_on, created_at), approvers = entry
        created = as_utc(created_at)
        since = created + WAIT
        if due_on:
            since = min(since, day_after_due(due_on, tz))
        note = f"{len(approvers)} approver{'s' if len(approvers) > 1 else ''} still to decide"
        if due_on:
            note += f" · due {due_on:%d %b}"
        item = ItemRef(RECORD_TYPE, record_id, title, requester, (now - created).days, note)
        dues = [Due(user_id, PENDING_APPROVAL, item, since) for user_id in approvers]
        chase = calendar.after_working_days(created, REQUESTER_AFTER_WORKING_DAYS, tz)
        if now >= chase and requester not in approvers:
            dues.append(Due(requester, PENDING_APPROVAL, item, chase, escalation=True))
        return dues

    return each(waiting.values(), pending, source="approvals", record_id=lambda entry: entry[0][0])
