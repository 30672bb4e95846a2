"""What an NC's changes say in Slack: its card in the quality channel, updated in place,
and one line in its review thread per step."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.nc.card import nc_card, nc_thread_line
from bot.messages import evidence
from bot.messages.posts import announce_card, reply_in_thread, update_copy
from bot.outbox.queue import Copy
from bot.qms.nc import records
from bot.qms.nc.lifecycle import Step
from models import Nonconformance


def card(record: Nonconformance) -> Copy:
    return Copy("nc", record.record_id)


def announce(session: Session, record: Nonconformance, *, channel: str | None, now: datetime) -> None:
    """Post the card to the quality channel; without one, to the reporter's DM with a hint."""
    announce_card(session, team_id=record.team_id, copy=card(record), channel=channel, owner=record.reporter,
                  message=_card(session, record), now=now)
    evidence.fetch_permalink(session, record, record_type="nc", now=now)


def report_step(session: Session, record: Nonconformance, *, step: Step, actor: str, now: datetime) -> None:
    """Show the truth on the card and say who did what, when, in its thread."""
    show(session, record, now)
    reply_in_thread(session, team_id=record.team_id, copy=card(record),
                    message=nc_thread_line(record, step, actor, now), now=now)


def show(session: Session, record: Nonconformance, now: datetime) -> None:
    """The card updated in place to show the record as it is now."""
    update_copy(session, team_id=record.team_id, copy=card(record), message=_card(session, record), now=now)


def _card(session: Session, record: Nonconformance) -> dict:
    return nc_card(record, names=evidence.names_in(session, record.team_id, [record.source_text]))


evidence.register("nc", lambda session, team_id, record_id: records.get(session, team_id=team_id,
                                                                         record_id=record_id), show)
