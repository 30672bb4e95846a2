"""Steps the approval tests share: ask through the modal, click a card copy, read what was stored.

The `flow` fixture is loaded for every test through tests/conftest.py.
"""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot.blocks.ids import APPROVE, REJECT
from bot.blocks.ids import CANCEL_APPROVAL as CANCEL
from bot.outbox import copies as saved_copies
from bot.outbox.queue import Copy
from bot.qms.approvals import records as approvals
from models import ApprovalApprover, ApprovalRequest, AuditEvent, OutboxMessage
from models.outbox import DM

BUTTONS = {"approve": APPROVE, "reject": REJECT, "cancel": CANCEL}
FUTURE = "2099-12-31"


class ApprovalFlow:
    def __init__(self, slack, session_factory, directory=None):
        self.slack, self.fake, self.session_factory, self.directory = slack, slack.fake, session_factory, directory

    # --- asking ---------------------------------------------------------------------------------
    def open_modal(self, text: str = "", *, user: str = "U_ALICE") -> dict:
        response = self.slack.command(f"approval {text}".strip(), user=user)
        assert response.status_code == 200
        return self.slack.last_view()

    def ask(self, *, user: str = "U_ALICE", approvers=("U_MANAGER",), policy: str = "any",
            title: str = "Homepage design for Acme", description: str | None = "Final mock-up, v3",
            link: str | None = None, due_on: str | None = FUTURE, nc_id: str | None = None,
            view: dict | None = None):
        """Open the modal with `/qms approval` (unless a view is given), choose the approvers as Slack sends
        it (a dispatch_action: Trellis looks them up meanwhile), and submit it: the HTTP response."""
        view = view or self.open_modal(user=user)
        self.choose_approvers(view, approvers, user=user)
        return self.slack.submit(view, user=user, title=title, description=description, link=link,
                                 approvers=list(approvers), policy=policy, due_on=due_on, nc_id=nc_id)

    def choose_approvers(self, view: dict, approvers, *, user: str) -> None:
        self.slack.view_action(view, {"action_id": "approvers", "block_id": "approvers",
                                      "type": "multi_users_select", "selected_users": list(approvers)}, user=user)
        if self.directory is not None:
            self.directory.drain()  # the person took a while to fill in the rest

    def ask_and_deliver(self, **answers) -> str:
        """A stored request whose cards were delivered; its record id."""
        response = self.ask(**answers)
        assert response.status_code == 200 and response.content in (b"", b"{}"), response.content
        self.slack.flush()
        with self.session_factory() as session:
            return session.scalars(select(ApprovalRequest.record_id).order_by(ApprovalRequest.id.desc())).first()

    # --- deciding -------------------------------------------------------------------------------
    def click(self, button: str, record_id: str, *, user: str, dm: str | None = None):
        """Click a button on a delivered copy: the card, or `dm`'s DM copy (e.g. dm="U_MANAGER")."""
        where = self.saved(record_id, dm=dm)
        assert where is not None, f"{record_id}'s copy {dm or 'card'} was not delivered"
        return self.slack.click(BUTTONS[button], record_id, user=user, channel=where.channel, message_ts=where.ts)

    def reject(self, record_id: str, reason: str, *, user: str, dm: str | None = None):
        """Click Reject, then submit the reason modal: the submission's HTTP response."""
        self.click("reject", record_id, user=user, dm=dm)
        return self.slack.submit(self.slack.last_view(), user=user, reason=reason)

    # --- reading --------------------------------------------------------------------------------
    def stored(self, record_id: str) -> tuple[ApprovalRequest, list[ApprovalApprover]]:
        with self.session_factory() as session:
            request = approvals.get(session, team_id=self.slack.team_id, record_id=record_id)
            return request, approvals.approvers_of(session, request)

    def counts(self) -> dict:
        """Requests, approvers, audit events and queued messages: "nothing changed" compares these."""
        with self.session_factory() as session:
            return {model.__name__: session.scalar(select(func.count()).select_from(model))
                    for model in (ApprovalRequest, ApprovalApprover, AuditEvent, OutboxMessage)}

    def state(self) -> dict:
        """The counts and every approval row's content (status, timestamps, decisions, comments)."""
        with self.session_factory() as session:
            rows = [row.model_dump() for model in (ApprovalRequest, ApprovalApprover)
                    for row in session.scalars(select(model))]
        return {**self.counts(), "rows": sorted(rows, key=repr)}

    def refused_without_change(self, action, *, expect: str) -> None:
        """Run a click that must be refused: one ephemeral answer that says `expect`, nothing stored,
        audited or queued, and no modal opened."""
        before = self.state()
        self.fake.clear_calls()
        action()
        assert self.state() == before
        refusal, = self.refusals()
        assert expect in refusal, refusal
        assert self.slack.flush() == 0 and self.fake.calls_to("views.open") == []

    def audit_actions(self, record_id: str) -> list[str]:
        with self.session_factory() as session:
            return list(session.scalars(select(AuditEvent.action).where(AuditEvent.record_id == record_id)
                                        .order_by(AuditEvent.seq)))

    def saved(self, record: str | Copy, *, dm: str | None = None):
        """Where a copy was delivered: the record's card, or `dm`'s DM copy."""
        with self.session_factory() as session:
            return saved_copies.find(session, team_id=self.slack.team_id, copy=copy_of(record, dm=dm))

    def updates_of(self, record: str | Copy, *, dm: str | None = None) -> list[dict]:
        """chat.update calls that changed that copy, oldest first."""
        where = self.saved(record, dm=dm)
        return [call.args for call in self.fake.ok_calls("chat.update")
                if call.args["channel"] == where.channel and call.args["ts"] == where.ts]

    def posts_to(self, channel: str) -> list[dict]:
        return [call.args for call in self.fake.ok_calls("chat.postMessage") if call.args["channel"] == channel]

    def refusals(self) -> list[str]:
        """Ephemeral answers to clicks (they must not replace the card)."""
        return [body.get("text", "") for body in self.slack.responses()
                if body.get("response_type") == "ephemeral" and body.get("replace_original") is False]


def text_of(message: dict) -> str:
    return json.dumps(message.get("blocks") or message.get("text"), ensure_ascii=False)


def mrkdwn_texts(node) -> list[str]:
    """Every mrkdwn text in a message: where Slack would turn <...> into mentions and links."""
    if isinstance(node, list):
        return [text for item in node for text in mrkdwn_texts(item)]
    if not isinstance(node, dict):
        return []
    own = [node["text"]] if node.get("type") == "mrkdwn" else []
    return own + [text for value in node.values() for text in mrkdwn_texts(value)]


def copy_of(record: str | Copy, *, dm: str | None = None) -> Copy:
    if isinstance(record, Copy):
        return record
    return Copy("approval", record, DM, dm) if dm else Copy("approval", record)


def copies(record_id: str, approvers) -> list[Copy]:
    """The request's card and each approver's DM copy."""
    return [copy_of(record_id)] + [copy_of(record_id, dm=user) for user in approvers]


@pytest.fixture
def flow(slack, session_factory, directory) -> ApprovalFlow:
    return ApprovalFlow(slack, session_factory, directory)
