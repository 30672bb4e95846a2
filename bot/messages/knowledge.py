"""What a knowledge entry's changes say in Slack: its card in the knowledge channel, updated in place,
and one line in its thread per change."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.blocks.knowledge.card import kb_card
from bot.blocks.knowledge.thread import people_in, thread_text
from bot.blocks.text import slack_date, user
from bot.messages import evidence
from bot.messages.posts import announce_card, direct_message, reply_in_thread, update_copy
from bot.outbox import hooks
from bot.outbox.queue import Copy, enqueue
from bot.qms import directory
from bot.qms.knowledge import lifecycle, records
from models import KnowledgeEntry

THREAD = "kb_thread"  # the copy role of the thread read (bot.outbox.hooks.on_answer)
REPLIES_MAX = 1000  # conversations.replies' largest page: the thread is read once
DID = {"kb.edited": "edited", "kb.confirmed": "confirmed", "kb.retired": "retired", "kb.reassigned": "reassigned"}


def card(entry: KnowledgeEntry) -> Copy:
    return Copy("kb", entry.record_id)


def announce(session: Session, entry: KnowledgeEntry, *, channel: str | None, now: datetime,
             thread_ts: str | None = None) -> None:
    """Post the card to the knowledge channel; without one, to the saver's DM with a hint. With
    `thread_ts`, the thread's replies are read once, after commit, and kept with the entry."""
    announce_card(session, team_id=entry.team_id, copy=card(entry), channel=channel, owner=entry.saver,
                  message=_card(session, entry, now), now=now, missing="knowledge or quality channel")
    evidence.fetch_permalink(session, entry, record_type="kb", now=now)
    if thread_ts:
        enqueue(session, team_id=entry.team_id, key=entry.record_id, method="conversations.replies",
                args={"channel": entry.source_channel, "ts": thread_ts, "limit": REPLIES_MAX}, now=now,
                copy=Copy("kb", entry.record_id, THREAD), use="read")


def report_change(session: Session, entry: KnowledgeEntry, *, action: str, actor: str, now: datetime) -> None:
    """The card shows the entry as it is now; its thread says who did what, when."""
    show(session, entry, now)
    words = DID[action]
    if action == "kb.edited":
        words += f" it (now version {entry.version})"
    elif action == "kb.confirmed":
        words += f" it is still true; next review {slack_date(entry.next_review_at, '{date_short_pretty}')}"
    elif action == "kb.reassigned":
        words += f" it to {user(entry.owner)}"
    else:
        words += " it"
    reply_in_thread(session, team_id=entry.team_id, copy=card(entry),
                    message={"text": f"{user(actor)} {words} · {slack_date(now)}"}, now=now)


def thread_read(session: Session, entry: KnowledgeEntry, *, now: datetime) -> None:
    """The thread's replies arrived (or could not be read: the saver is told)."""
    show(session, entry, now)
    if entry.thread_state == "failed":
        direct_message(session, team_id=entry.team_id, key=entry.record_id, user_id=entry.saver, now=now,
                       message={"text": f"I could not read the thread's replies for {entry.record_id}, so it keeps "
                                        "the message only. Add what matters with *Edit* on its card."})


@hooks.on_answer(THREAD)
def _thread_answered(session: Session, team_id: str, copy: Copy, answer: dict | None, now: datetime) -> None:
    entry = records.get(session, team_id=team_id, record_id=copy.record_id, lock=True)
    if entry is None or entry.thread_state != "pending":
        return
    text, left_out = None, 0
    if answer is not None:
        replies = list(answer.get("messages") or [])
        names = {user_id: row.name for user_id, row in directory.users(
            session, team_id=team_id, user_ids=people_in(replies)).items() if row.name}
        text, left_out = thread_text(replies, saved_ts=entry.source_ts, names=names)
    thread_read(session, lifecycle.add_thread(session, entry=entry, text=text, left_out=left_out, now=now), now=now)


def owner_left(session: Session, *, team_id: str, user_id: str, now: datetime) -> None:
    """Their current entries' cards now say they are orphaned, and offer Reassign."""
    for entry in records.owned_by(session, team_id=team_id, user_id=user_id):
        update_copy(session, team_id=team_id, copy=card(entry), message=kb_card(entry, orphaned=True, now=now),
                    now=now)


def show(session: Session, entry: KnowledgeEntry, now: datetime) -> None:
    update_copy(session, team_id=entry.team_id, copy=card(entry), message=_card(session, entry, now), now=now)


def _card(session: Session, entry: KnowledgeEntry, now: datetime) -> dict:
    owner = directory.users(session, team_id=entry.team_id, user_ids=[entry.owner]).get(entry.owner)
    return kb_card(entry, orphaned=bool(owner and owner.deleted), now=now)


evidence.register("kb", lambda session, team_id, record_id: records.get(session, team_id=team_id,
                                                                         record_id=record_id),
                  lambda session, entry, now: show(session, entry, now))
