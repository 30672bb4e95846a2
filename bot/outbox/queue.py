"""Queue Slack messages with the change they report.

`enqueue` only writes a row; delivery happens after commit (bot.outbox.delivery).
A session that enqueued something is flagged in `session.info` so the delivery
worker can be woken the moment the transaction commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from models import OutboxMessage
from models.outbox import CARD

WAKE_FLAG = "trellis_outbox_enqueued"
USES = ("save", "ts", "thread_ts", "permalink", "read")
# The argument a use fills from its copy's place in Slack (the channel always comes with it).
FILLS = {"ts": "ts", "thread_ts": "thread_ts", "permalink": "message_ts"}


@dataclass(frozen=True)
class Copy:
    """One copy of a record in Slack: its card, or someone's DM copy (role DM, holder = their id)."""

    record_type: str
    record_id: str
    role: str = CARD
    holder: str = ""


def enqueue(session: Session, *, team_id: str, key: str, method: str, args: dict, now: datetime,
            copy: Copy | None = None, use: str | None = None, notify_on_failure: str | None = None) -> OutboxMessage:
    """Queue one Web API call. `key` orders messages about one record (e.g. 'NC-12').

    With a `copy`, `use` says what the call does with it: "save" (the post becomes that
    copy), "ts" (chat.update of it), "thread_ts" (a reply in its thread) or "permalink"
    (chat.getPermalink of it: give `channel` and `message_ts` in args when the copy is not
    a delivered one, e.g. a record's source message; see bot.outbox.hooks) or "read" (a read
    whose answer — None when it failed for good — goes to the hook registered for the copy's role).
    `notify_on_failure`: the user told by DM if this post of a copy fails for good.
    """
    if (copy is None) != (use is None) or (use is not None and use not in USES):
        raise ValueError(f"a copy needs a use, one of {USES}")
    if notify_on_failure and use != "save":
        raise ValueError("only the post of a copy tells someone when it fails")
    message = OutboxMessage(team_id=team_id, key=key, method=method, args=args, next_attempt_at=now,
                            created_at=now, copy_use=use, notify_on_failure=notify_on_failure,
                            **({"record_type": copy.record_type, "record_id": copy.record_id,
                                "copy_role": copy.role, "copy_holder": copy.holder} if copy else {}))
    session.add(message)
    session.info[WAKE_FLAG] = True
    return message
