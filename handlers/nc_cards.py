"""Queue an NC's Slack messages in the transaction that changes it (the outbox delivers after commit)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.nc_card import nc_card, nc_thread_line
from bot.qms import outbox
from bot.qms.nc_rules import Step


def card_name(record_id: str) -> str:
    return f"card:{record_id}"


def queue_new_card(session: Session, record, *, channel: str | None, now: datetime) -> None:
    """Post the card to the quality channel; without one, to the reporter's DM with a hint."""
    rid = record.record_id
    args = {"channel": channel or record.reporter, **nc_card(record), "unfurl_links": False, "unfurl_media": False}
    outbox.enqueue(session, team_id=record.team_id, key=rid, method="chat.postMessage", args=args, now=now,
                   save_as=card_name(rid))
    if not channel:
        hint = (f"No quality channel is set for Trellis yet, so {rid}'s card came to you here. "
                "A manager or admin can choose one with `/qms settings`.")
        outbox.enqueue(session, team_id=record.team_id, key=rid, method="chat.postMessage", now=now,
                       args={"channel": record.reporter, "text": hint})


def queue_card_change(session: Session, record, *, step: Step, actor: str, now: datetime) -> None:
    """Show the truth on the card (chat.update) and say who did what, when, in its thread."""
    rid, name = record.record_id, card_name(record.record_id)
    outbox.enqueue(session, team_id=record.team_id, key=rid, method="chat.update", args=nc_card(record), now=now,
                   target=name, target_field="ts")
    outbox.enqueue(session, team_id=record.team_id, key=rid, method="chat.postMessage", now=now,
                   args=nc_thread_line(record, step, actor, now), target=name, target_field="thread_ts")
