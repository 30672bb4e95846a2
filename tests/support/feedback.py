"""Steps the feedback tests share: log feedback through the modal, read what was stored."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.blocks.ids import FEEDBACK_CUSTOMER
from models import AuditEvent, Feedback

ANSWERS = {"score": "4", "comment": "Quick turnaround on the drawings.", "received_via": "email"}


class FeedbackFlow:
    def __init__(self, slack, session_factory):
        self.slack, self.fake, self.session_factory = slack, slack.fake, session_factory

    def open_modal(self, *, user: str = "U_ALICE") -> dict:
        response = self.slack.command("feedback", user=user)
        assert response.status_code == 200, response.content
        return self.slack.last_view()

    def options(self, view: dict, typed: str, *, user: str = "U_ALICE") -> list[dict]:
        answer = self.slack.suggest(view, FEEDBACK_CUSTOMER, typed, user=user)
        assert answer.status_code == 200, answer.content
        return json.loads(answer.content)["options"]

    def submit(self, view: dict, *, customer: str | dict = "Acme Ltd", user: str = "U_ALICE", **answers):
        """`customer`: a typed name (chosen as the type-ahead's "new customer" option) or an option."""
        if isinstance(customer, str):
            customer = next(option for option in self.options(view, customer, user=user)
                            if option["text"]["text"] in (customer, f"New customer: {customer}"))
        return self.slack.submit(view, user=user, **{FEEDBACK_CUSTOMER: customer, **ANSWERS, **answers})

    def log(self, *, user: str = "U_ALICE", **answers) -> str:
        response = self.submit(self.open_modal(user=user), user=user, **answers)
        assert response.status_code == 200 and json.loads(response.content)["response_action"] == "update"
        self.slack.flush()
        with self.session_factory() as session:
            return session.scalars(select(Feedback.record_id).order_by(Feedback.id.desc())).first()

    def stored(self, record_id: str) -> Feedback:
        with self.session_factory() as session:
            return session.scalars(select(Feedback).where(Feedback.record_id == record_id)).one()

    def audit_actions(self, record_id: str) -> list[str]:
        with self.session_factory() as session:
            return list(session.scalars(select(AuditEvent.action).where(AuditEvent.record_id == record_id)
                                        .order_by(AuditEvent.seq)))


@pytest.fixture
def feedback_flow(slack, session_factory) -> FeedbackFlow:
    return FeedbackFlow(slack, session_factory)
