"""Steps the knowledge tests share: save through the modal, click an entry's buttons, read what was stored."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.blocks import ids
from bot.outbox import copies
from bot.outbox.queue import Copy
from models import AuditEvent, KnowledgeEntry, KnowledgeVersion

ANSWERS = {"process": "Delivery", "tags": "api, billing", "review_days": "180"}


class KbFlow:
    def __init__(self, slack, session_factory):
        self.slack, self.fake, self.session_factory = slack, slack.fake, session_factory

    def shortcut(self, message: dict, *, user: str = "U_ALICE", channel: str = "C_SALES") -> dict:
        answer = self.slack.message_shortcut(ids.SAVE_TO_KNOWLEDGE, user=user, channel=channel, message=message)
        assert answer.status_code == 200, answer.content
        return self.slack.last_view()

    def open_new(self, *, user: str = "U_ALICE") -> dict:
        assert self.slack.command("kb new", user=user).status_code == 200
        return self.slack.last_view()

    def submit(self, view: dict, *, user: str = "U_ALICE", **answers):
        """As Slack submits it: what the modal was prefilled with, then these answers."""
        return self.slack.submit(view, user=user, **{**ANSWERS, **prefilled(view), **answers})

    def save(self, *, user: str = "U_ALICE", **answers) -> str:
        """A stored entry whose card was delivered; its id."""
        view = self.open_new(user=user)
        answer = self.submit(view, user=user, **{"title": "How the billing API works",
                                                  "body": "Tokens rotate monthly.", "owner": user, **answers})
        assert answer.content in (b"", b"{}"), answer.content
        self.slack.flush()
        return self.newest().record_id

    def search(self, text: str, *, user: str = "U_ALICE") -> dict:
        answer = self.slack.command(f"kb {text}".strip(), user=user)
        assert answer.status_code == 200, answer.content
        return answer.json()

    def click(self, record_id: str, action_id: str, *, user: str):
        where = self.saved(record_id)
        return self.slack.click(action_id, record_id, user=user, channel=where.channel, message_ts=where.ts)

    def newest(self) -> KnowledgeEntry:
        with self.session_factory() as session:
            return session.scalars(select(KnowledgeEntry).order_by(KnowledgeEntry.id.desc())).first()

    def stored(self, record_id: str) -> KnowledgeEntry:
        with self.session_factory() as session:
            return session.scalars(select(KnowledgeEntry).where(KnowledgeEntry.record_id == record_id)).one()

    def versions(self, record_id: str) -> list[KnowledgeVersion]:
        entry = self.stored(record_id)
        with self.session_factory() as session:
            return list(session.scalars(select(KnowledgeVersion).where(KnowledgeVersion.entry_id == entry.id)
                                        .order_by(KnowledgeVersion.version)))

    def saved(self, record_id: str):
        with self.session_factory() as session:
            return copies.find(session, team_id=self.slack.team_id, copy=Copy("kb", record_id))

    def card(self, record_id: str) -> dict:
        where = self.saved(record_id)
        return next(m for m in self.fake.messages[where.channel] if m["ts"] == where.ts)

    def audit_actions(self, record_id: str) -> list[str]:
        with self.session_factory() as session:
            return list(session.scalars(select(AuditEvent.action).where(AuditEvent.record_type == "kb",
                                                                        AuditEvent.record_id == record_id)
                                        .order_by(AuditEvent.seq)))


@pytest.fixture
def kb_flow(slack, session_factory) -> KbFlow:
    return KbFlow(slack, session_factory)


def prefilled(view: dict) -> dict:
    """The answers a modal holds before anyone types: its initial values."""
    answers = {}
    for block in view["blocks"]:
        element = block.get("element") or {}
        for key, value in (("initial_value", None), ("initial_user", None), ("initial_option", "value")):
            if key in element:
                answers[element["action_id"]] = element[key][value] if value else element[key]
    return answers


def input_of(view: dict, block_id: str) -> dict:
    return next(block["element"] for block in view["blocks"] if block.get("block_id") == block_id)
