"""What the reminder sweep says: one DM per person, queued in the transaction that claimed its items;
and a snoozed group shown as snoozed on that DM."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.reminders.dm import reminder_dm, shown_items, snoozed_line, with_snoozed
from bot.messages.posts import direct_message
from bot.outbox.queue import enqueue
from bot.qms.reminders.links import links_for
from bot.qms.reminders.snooze import Snoozed
from bot.qms.reminders.sources import Source
from bot.qms.reminders.sweep import Reminder, release, sweep
from bot.qms.workspaces import WorkspaceSettings

log = logging.getLogger("trellis.reminders")


def remind(session: Session, *, team_id: str, settings: WorkspaceSettings, now: datetime,
           sources: Sequence[Source] | None = None, seen: set[str] | None = None) -> list[Reminder]:
    """Run the sweep and queue each person's DM; what was queued. A DM that cannot be built is logged and
    its claims given back (the next sweep tries again); the others are sent."""
    reminders = sweep(session, team_id=team_id, now=now, settings=settings, sources=sources, seen=seen)
    wanted = {(r.person, due.item.record_type, due.item.record_id)
              for r in reminders for _, items in r.groups() for due in shown_items(items)}
    links = links_for(session, team_id=team_id, wanted=wanted)  # person -> record id -> link
    queued = []
    for reminder in reminders:
        try:
            message = reminder_dm(reminder.groups(), day=reminder.day, links=links.get(reminder.person, {}))
        except Exception:  # one person's DM never stops the others'
            log.exception("reminders: DM for %s (%s) could not be built; released", reminder.person,
                          ", ".join(due.item.record_id for due in reminder.items[:20]))
            release(session, reminder)
            continue
        direct_message(session, team_id=team_id, key=f"reminders:{reminder.person}", user_id=reminder.person,
                       message=message, now=now)
        queued.append(reminder)
    return queued


def show_snoozed(session: Session, *, team_id: str, channel: str, ts: str, message: dict, snoozed: Snoozed,
                 now: datetime) -> None:
    """The DM clicked, updated in place: the snoozed group's buttons become a line saying until when."""
    line = snoozed_line(snoozed.kind, len(snoozed.record_ids), snoozed.local_until)
    enqueue(session, team_id=team_id, key=f"reminders:{channel}", method="chat.update",
            args={"channel": channel, "ts": ts, "text": message.get("text") or line,
                  "blocks": with_snoozed(message.get("blocks") or [], snoozed.kind, line)}, now=now)
