"""Steps the NC tests share: report through the modal, click a card's step, read what was stored."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.blocks.ids import NC_STEP_PREFIX as STEP_ACTION_PREFIX
from bot.outbox import copies
from bot.outbox.queue import Copy
from bot.qms.nc.lifecycle import STATUS_LABELS, next_step, steps_from
from models import AuditEvent, Nonconformance
from tests.support.fixtures import MANAGER

LESSON = "Save as lesson learned"
REPORT = {"title": "Wrong drawing sent to Acme", "description": "Rev B went out instead of rev C.",
          "severity": "major", "process": "Delivery", "source": "customer_complaint", "customer": "Acme"}
NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()
STEP_ANSWERS = {
    "investigate": {"owner": "U_BOB", "correction": "Sent rev C and asked Acme to bin rev B."},
    "plan": {"why1": "The old revision was on the shared drive", "why2": "Nobody archives old revisions",
             "corrective_action": "Archive superseded drawings on release", "due_date": NEXT_WEEK},
    "done": {"done_summary": "Archive step added to the release checklist."},
    "verify": {"effectiveness": "Three releases since, no old revision on the drive."},
    "not_effective": {"not_effective_reason": "Rev A was still there last week."},
    "reject": {"rejection_reason": "Acme asked for rev B on purpose."},
}
# Who takes each step by default: the reporter investigates, the owner plans and finishes, a manager verifies.
STEP_USERS = {"investigate": "U_ALICE", "plan": "U_BOB", "done": "U_BOB", "verify": MANAGER,
              "not_effective": MANAGER, "reject": MANAGER}
PATH = {"open": [], "investigating": ["investigate"], "action": ["investigate", "plan"],
        "verification": ["investigate", "plan", "done"], "closed": ["investigate", "plan", "done", "verify"],
        "rejected": ["reject"]}


class NcFlow:
    def __init__(self, slack, session_factory):
        self.slack, self.fake, self.session_factory = slack, slack.fake, session_factory

    # --- reporting ------------------------------------------------------------------------------
    def open_report(self, text: str = "", *, user: str = "U_ALICE", command: str = "/qms") -> dict:
        response = self.slack.command(f"nc {text}".strip() if command == "/qms" else text, user=user,
                                      command=command)
        assert response.status_code == 200, response.content
        return self.slack.last_view()

    def submit_report(self, view: dict, *, user: str = "U_ALICE", **answers):
        return self.slack.submit(view, user=user, **{**REPORT, **answers})

    def report(self, *, user: str = "U_ALICE", **answers) -> str:
        """A stored NC whose card was delivered; its id."""
        response = self.submit_report(self.open_report(user=user), user=user, **answers)
        assert response.status_code == 200 and response.content in (b"", b"{}"), response.content
        self.slack.flush()
        with self.session_factory() as session:
            return session.scalars(select(Nonconformance.record_id).order_by(Nonconformance.id.desc())).first()

    # --- moving ---------------------------------------------------------------------------------
    def click(self, record_id: str, step: str, *, user: str):
        card = self.saved(record_id)
        return self.slack.click(f"{STEP_ACTION_PREFIX}{step}", record_id, user=user, channel=card.channel,
                                message_ts=card.ts)

    def take(self, record_id: str, step: str, *, user: str | None = None, **answers):
        """Click the step's button and submit its modal: the submission's HTTP response."""
        user = user or STEP_USERS[step]
        answered = len(self.slack.responses())
        clicked = self.click(record_id, step, user=user)
        assert clicked.status_code == 200
        assert self.slack.responses()[answered:] == [], self.slack.responses()  # no refusal
        return self.slack.submit(self.slack.last_view(), user=user, **{**STEP_ANSWERS[step], **answers})

    def move_to(self, record_id: str, status: str) -> None:
        for step in PATH[status]:
            response = self.take(record_id, step)
            assert response.content in (b"", b"{}"), response.content
            self.slack.flush()

    # --- reading --------------------------------------------------------------------------------
    def stored(self, record_id: str) -> Nonconformance:
        with self.session_factory() as session:
            return session.scalars(select(Nonconformance).where(Nonconformance.record_id == record_id)).one()

    def saved(self, record_id: str):
        """Where the NC's card was delivered."""
        with self.session_factory() as session:
            return copies.find(session, team_id=self.slack.team_id, copy=Copy("nc", record_id))

    def audit_actions(self, record_id: str) -> list[str]:
        with self.session_factory() as session:
            return list(session.scalars(select(AuditEvent.action).where(AuditEvent.record_id == record_id)
                                        .order_by(AuditEvent.seq)))

    def card(self, record_id: str) -> dict:
        """The card as Slack holds it now (after every chat.update)."""
        where = self.saved(record_id)
        return next(m for m in self.fake.messages[where.channel] if m["ts"] == where.ts)

    def thread(self, record_id: str) -> list[str]:
        where = self.saved(record_id)
        return [m["text"] for m in self.fake.messages[where.channel]
                if m.get("thread_ts") == where.ts and m["ts"] != where.ts]  # the card itself has thread_ts too

    def assert_card_is_true(self, record_id: str) -> None:
        """The card in Slack shows the stored status, that status's steps and its next step as `primary`,
        and the last chat.update was to the card itself."""
        status, where = self.stored(record_id).status, self.saved(record_id)
        update = self.fake.ok_calls("chat.update")[-1]
        assert (update.args["channel"], update.args["ts"]) == (where.channel, where.ts)
        card = self.card(record_id)
        assert f"*Status*\\n{STATUS_LABELS[status]}" in text_of(card)
        steps = {label: button for label, button in buttons(card).items() if label != LESSON}
        assert list(steps) == [step.label for step in steps_from(status)]
        assert (LESSON in buttons(card)) == (status == "closed")  # what was learned, to the knowledge base
        primary = [label for label, button in steps.items() if button.get("style") == "primary"]
        assert primary == ([next_step(status).label] if next_step(status) else [])


@pytest.fixture
def nc_flow(slack, session_factory) -> NcFlow:
    return NcFlow(slack, session_factory)


def buttons(message: dict) -> dict[str, dict]:
    return {b["text"]["text"]: b for block in message.get("blocks", []) if block["type"] == "actions"
            for b in block["elements"]}


def text_of(message: dict) -> str:
    return json.dumps(message.get("blocks", [])) + message.get("text", "")


def refusals(slack) -> list[str]:
    return [r["text"] for r in slack.responses() if r.get("response_type") == "ephemeral"]
