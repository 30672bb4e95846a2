"""Customer messages unanswered past the target: one reminder each to the channel's owner (set in
`/qms settings`; the managers when the channel has none), kind "unanswered_customer"."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.qms import workspaces
from bot.qms.inputs import Due, ItemRef
from bot.qms.responses.hours import calendar_of
from bot.qms.responses.timing import waiting_since

KIND = "unanswered_customer"
RECORD_TYPE = "customer_message"


def reminders_due(session: Session, *, team_id: str, now: datetime,
                  settings: workspaces.WorkspaceSettings | None = None) -> list[Due]:
    """One Due per waiting customer message per person to remind; two statements (settings, messages)."""
    settings = workspaces.settings_or_stored(session, team_id=team_id, settings=settings)
    if not settings.customer_channels:
        return []
    calendar = calendar_of(settings)
    target = settings.response_target_hours * 3600
    cutoff = calendar.back_from(now, target)
    due = []
    for message in waiting_since(session, team_id=team_id, before=cutoff):
        if message.channel_id not in settings.customer_channels:
            continue
        owner = settings.customer_channel_owners.get(message.channel_id)
        waited = calendar.seconds_between(message.posted_at, now)
        item = ItemRef(RECORD_TYPE, f"{message.channel_id}/{message.ts}", "A customer message waits for a reply",
                       owner=owner, age_days=(now - message.posted_at).days,
                       note=f"in <#{message.channel_id}>, {waited / 3600:.1f} working hours without a reply "
                            f"(target {settings.response_target_hours:g})")
        since = calendar.back_from(now, waited - target) if waited > target else now
        for person in ([owner] if owner else settings.managers):
            due.append(Due(person, KIND, item, since, extra={"channel": message.channel_id, "ts": message.ts}))
    return due
