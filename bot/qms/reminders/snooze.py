"""Snooze 1 day / Snooze 1 week: one person postpones one group of their reminders, once.

The group is what they were reminded of on that day under that kind (the claim rows). A snooze only
moves the next reminder of those items: "1 day" skips the person's next working day, "1 week" the next
seven days; afterwards the usual daily cadence resumes. It never touches anyone else's reminders.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.qms import audit, directory
from bot.qms.reminders.calendar import Calendar, start_of, zone
from bot.qms.rows import upsert
from bot.qms.workspaces import WorkspaceSettings
from models import ReminderClaim, ReminderSnooze

LENGTHS = {"day": 1, "week": 7}


@dataclass(frozen=True)
class Snoozed:
    kind: str
    record_ids: tuple[str, ...]
    until: datetime  # UTC
    local_until: date  # the person's first day with reminders again


def snooze(session: Session, *, team_id: str, person: str, kind: str, day: date, length: str,
           settings: WorkspaceSettings, now: datetime) -> Snoozed:
    """Postpone `person`'s reminders of `kind` sent on `day`; one audit event. An empty group snoozes nothing."""
    record_ids = tuple(session.scalars(select(ReminderClaim.record_id).where(
        ReminderClaim.team_id == team_id, ReminderClaim.person == person, ReminderClaim.kind == kind,
        ReminderClaim.day == day).order_by(ReminderClaim.record_id)))
    known = directory.users(session, team_id=team_id, user_ids=[person]).get(person)
    tz, calendar = zone(known.tz if known else None, settings.timezone), Calendar(settings.working_days)
    today = max(day, now.astimezone(tz).date())
    skipped = calendar.next_working_day(today) if LENGTHS[length] == 1 else today + timedelta(days=LENGTHS[length])
    until = start_of(skipped + timedelta(days=1), tz)
    upsert(session, ReminderSnooze, [{"team_id": team_id, "person": person, "kind": kind, "record_id": record_id,
                                      "until": until, "snoozed_at": now} for record_id in record_ids],
           key=("team_id", "person", "kind", "record_id"))
    if record_ids:
        audit.record(session, team_id=team_id, record_type="reminder", record_id=person, action="reminder.snoozed",
                     actor=person, now=now, after={"kind": kind, "items": list(record_ids), "day": day,
                                                   "until": until})
    return Snoozed(kind, record_ids, until, calendar.next_working_day(skipped))
