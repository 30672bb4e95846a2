"""What the reminder sweep hears about nonconformances (bot.qms.inputs.Due).

- a corrective action past its due date: its owner ("overdue_action");
- a stale NC (no activity for stale_days): its owner and reporter; after twice stale_days also the
  managers, as an escalation ("stale_nc").
A fixed number of statements, however many records.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from bot.qms.inputs import Due, ItemRef
from bot.qms.nc.activity import stale_ncs
from bot.qms.reminders.calendar import day_after_due, zone
from bot.qms.reminders.context import settings_of
from bot.qms.reminders.guard import each
from models import Nonconformance

OVERDUE_ACTION, STALE_NC = "overdue_action", "stale_nc"


def reminders_due(session: Session, *, team_id: str, now: datetime) -> list[Due]:
    settings = settings_of(session, team_id=team_id)
    tz = zone(settings.timezone)
    today = now.astimezone(tz).date()
    overdue = session.execute(select(  # only what a reminder shows
        Nonconformance.record_id, Nonconformance.title, Nonconformance.owner, Nonconformance.due_date).where(
        Nonconformance.team_id == team_id, Nonconformance.status == "action",
        Nonconformance.due_date < today).order_by(Nonconformance.due_date)).all()
    stale = stale_ncs(session, team_id=team_id, now=now, stale_days=settings.stale_days)
    stale_for = timedelta(days=settings.stale_days)

    def overdue_action(record) -> list[Due]:
        since = day_after_due(record.due_date, tz)
        item = ItemRef("nc", record.record_id, record.title, record.owner, (now - since).days + 1,
                       f"corrective action due {record.due_date:%d %b}")
        return [Due(record.owner, OVERDUE_ACTION, item, since)] if record.owner else []

    def stale_nc(pair: tuple[Row, datetime]) -> list[Due]:
        record, active = pair
        item = ItemRef("nc", record.record_id, record.title, record.owner, (now - active).days,
                       f"no activity since {active.astimezone(tz):%d %b}")
        involved = list(dict.fromkeys(person for person in (record.owner, record.reporter) if person))
        dues = [Due(person, STALE_NC, item, active + stale_for) for person in involved
                if (record.record_id, person) not in chased]  # its owner already hears it is past due
        if now - active >= 2 * stale_for:
            dues += [Due(manager, STALE_NC, item, active + 2 * stale_for, escalation=True)
                     for manager in settings.managers if manager not in involved]
        return dues

    past_due = each(overdue, overdue_action, source="nc", record_id=lambda record: record.record_id)
    chased = {(due.item.record_id, due.person) for due in past_due}
    return past_due + each(stale, stale_nc, source="nc", record_id=lambda pair: pair[0].record_id)
