"""The reminder sweep: ask every source, keep what each person may be told now, claim it.

Rules (issue 11 point 4): one DM per person per sweep listing all their items; at most one reminder per
item, person and working day (the claim rows); one reminder DM per person per day unless something new
became due since the last; only on working days, 09:00-17:30 in the person's own timezone (the directory's
cache; the workspace's when unknown); snoozed items wait. A fixed number of statements, however many
records and people.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.orm import Session

from bot.qms import directory
from bot.qms.audit import as_utc
from bot.qms.inputs import Due
from bot.qms.reminders import context
from bot.qms.reminders.calendar import Calendar, zone
from bot.qms.reminders.sources import SOURCES, Source
from bot.qms.rows import insert_new
from bot.qms.workspaces import WorkspaceSettings
from models import ReminderClaim, ReminderSnooze, SlackUser

log = logging.getLogger("trellis.reminders")
RECENT = timedelta(days=2)  # claims old enough to matter today, in any timezone


@dataclass(frozen=True)
class Reminder:
    """One DM: everything one person is reminded of on `day` (their working day), in source order."""

    team_id: str
    person: str
    day: date
    items: tuple[Due, ...]

    def groups(self) -> list[tuple[str, list[Due]]]:
        """Items by kind, kinds in the order they first appear."""
        grouped: dict[str, list[Due]] = {}
        for due in self.items:
            grouped.setdefault(due.kind, []).append(due)
        return list(grouped.items())


def sweep(session: Session, *, team_id: str, now: datetime, settings: WorkspaceSettings,
          sources: Sequence[Source] | None = None, seen: set[str] | None = None) -> list[Reminder]:
    """Who is reminded of what now: found, filtered, and claimed in this transaction (queue the DMs in it).
    `seen` collects everyone something was due for, reminded now or not (whose timezone to keep fresh)."""
    now = as_utc(now)
    context.bind(session, team_id=team_id, settings=settings)
    dues = gather(session, team_id=team_id, now=now, sources=SOURCES if sources is None else sources)
    if seen is not None:
        seen.update(due.person for due in dues)
    return claim(session, reminders=plan(session, team_id=team_id, now=now, settings=settings, dues=dues), now=now)


def gather(session: Session, *, team_id: str, now: datetime, sources: Sequence[Source]) -> list[Due]:
    """Every source's items; a source that fails is logged and the others still heard (a savepoint each)."""
    found: list[Due] = []
    for source in sources:
        try:
            with session.begin_nested():
                found.extend(source(session, team_id=team_id, now=now))
        except Exception:  # one feature's failure never silences the others' reminders
            log.exception("reminders: source %s failed for %s; skipped", getattr(source, "__module__", source),
                          team_id)
    return found


def plan(session: Session, *, team_id: str, now: datetime, settings: WorkspaceSettings,
         dues: list[Due]) -> list[Reminder]:
    by_person: dict[str, dict[tuple[str, str], Due]] = {}
    for due in dues:  # one entry per person and item; their own item wins over an escalation of it
        mine = by_person.setdefault(due.person, {})
        key = (due.kind, due.item.record_id)
        if key not in mine or (mine[key].escalation and not due.escalation):
            mine[key] = due
    if not by_person:
        return []
    people = directory.users(session, team_id=team_id, user_ids=by_person)
    snoozed = set(session.execute(select(ReminderSnooze.person, ReminderSnooze.kind, ReminderSnooze.record_id).where(
        ReminderSnooze.team_id == team_id, ReminderSnooze.until > now)).all())
    last_sent = _last_sent(session, team_id=team_id, now=now)
    calendar, reminders = Calendar(settings.working_days), []
    for person, items in by_person.items():
        day = _working_day(people.get(person), calendar, settings, now)
        if day is None:
            continue
        awake = [due for (kind, record_id), due in items.items() if (person, kind, record_id) not in snoozed]
        already = last_sent.get((person, day))
        # Their first DM today, or something became due since the last one (which it cannot have listed).
        # What was already claimed today is left out by the claim itself.
        if awake and (already is None or any(as_utc(due.since) > already for due in awake)):
            reminders.append(Reminder(team_id, person, day, tuple(awake)))
    return reminders


def claim(session: Session, *, reminders: list[Reminder], now: datetime) -> list[Reminder]:
    """Insert one claim per (person, item, day); keep only what this sweep claimed (another sweep, instance or
    rerun that got there first keeps the rest). One statement for all."""
    rows = [dict(team_id=r.team_id, person=r.person, kind=due.kind, record_id=due.item.record_id, day=r.day,
                 since=as_utc(due.since), escalation=due.escalation, sent_at=now) for r in reminders for due in r.items]
    rows.sort(key=lambda row: (row["person"], row["kind"], row["record_id"]))  # one order: sweeps never deadlock
    if not rows:
        return []
    won = set(insert_new(session, ReminderClaim, rows, returning=("person", "kind", "record_id")))
    kept = [Reminder(r.team_id, r.person, r.day, tuple(due for due in r.items
                                                        if (r.person, due.kind, due.item.record_id) in won))
            for r in reminders]
    return [reminder for reminder in kept if reminder.items]


def release(session: Session, reminder: Reminder) -> None:
    """Give back a reminder's claims (its DM could not be queued): the next sweep tries again."""
    session.execute(delete(ReminderClaim).where(
        ReminderClaim.team_id == reminder.team_id, ReminderClaim.person == reminder.person,
        ReminderClaim.day == reminder.day,
        tuple_(ReminderClaim.kind, ReminderClaim.record_id).in_([(d.kind, d.item.record_id) for d in reminder.items])))


def _last_sent(session: Session, *, team_id: str, now: datetime) -> dict[tuple[str, date], datetime]:
    """(person, their day) -> when their last reminder DM of that day was claimed: one row per person and day."""
    rows = session.execute(select(ReminderClaim.person, ReminderClaim.day, func.max(ReminderClaim.sent_at)).where(
        ReminderClaim.team_id == team_id, ReminderClaim.sent_at >= now - RECENT)
        .group_by(ReminderClaim.person, ReminderClaim.day)).all()
    return {(person, day): as_utc(sent) for person, day, sent in rows}


def _working_day(user: SlackUser | None, calendar: Calendar, settings: WorkspaceSettings, now: datetime) -> date | None:
    """The person's local day when it is within their working hours now; None otherwise (or gone, or a bot)."""
    if user is not None and (user.deleted or user.is_bot):
        return None
    local = now.astimezone(zone(user.tz if user else None, settings.timezone))
    return local.date() if calendar.in_hours(local) else None
