"""The one way each kind of answer is given: refusals, form errors, and Slack's redeliveries."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import Ack, Respond
from sqlalchemy.orm import Session

from bot.blocks.refusals import refusal_text
from bot.db import SessionFactory
from bot.outbox import inbound
from bot.qms.refusals import Refused


def refuse(respond: Respond, refusal: Refused | str) -> None:
    """Say privately why nothing happened; the message clicked stays as it is."""
    text = refusal if isinstance(refusal, str) else refusal_text(refusal)
    respond(response_type="ephemeral", replace_original=False, text=text)


def form_errors(ack: Ack, problems: dict[str, str]) -> bool:
    """Show problems under their fields (response_action: errors); True when there were any."""
    if problems:
        ack(response_action="errors", errors=problems)
    return bool(problems)


def attempt(sessions: SessionFactory, work: Callable[[Session], Any]) -> tuple[Any, str | None]:
    """Run `work` in one transaction. A refusal rolls it back (nothing changes) and comes back as
    words, written while the session is still open to read what the record is now."""
    with sessions() as session:
        try:
            with session.begin():
                return work(session), None
        except Refused as refused:
            return None, refusal_text(refused)


def delivery_key(body: dict) -> tuple[str, str]:
    """What identifies a delivery Slack may repeat: an event's id; a view submission's view id and hash."""
    if body.get("type") == "event_callback":
        return "event", body["event_id"]
    if body.get("type") == "view_submission":
        return "view", f"{body['view']['id']}:{body['view']['hash']}"
    raise ValueError(f"Slack does not redeliver {body.get('type')!r} payloads")


def first_delivery(session: Session, body: dict, *, team_id: str, now: datetime) -> bool:
    """True the first time this event or view submission arrives (see bot.outbox.inbound)."""
    kind, key = delivery_key(body)
    return inbound.first_time(session, team_id=team_id, kind=kind, key=key, now=now)
