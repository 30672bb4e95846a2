"""Records put straight into a given state through bot.qms (and their cards delivered), so a test of
"Verify & close" starts at verification instead of clicking through four earlier steps. Each flow's
click-through lives in one test: its specification.

`make` is loaded for every test (tests/conftest.py): `record_id = make.nc("verification")`.
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from bot.messages import approvals as approval_messages
from bot.messages import nc as nc_messages
from bot.qms.approvals import lifecycle as approval_lifecycle
from bot.qms.approvals import records as approval_records
from bot.qms.approvals.rules import ApprovalDraft
from bot.qms.nc import lifecycle, records
from models.types import utcnow
from tests.support.fixtures import QUALITY_CHANNEL
from tests.support.nc import PATH, REPORT, STEP_ANSWERS, STEP_USERS

TEAM = "T111"


class Make:
    def __init__(self, session_factory, slack):
        self.session_factory, self.slack = session_factory, slack

    def nc(self, status: str = "open", *, reporter: str = "U_ALICE", channel: str | None = QUALITY_CHANNEL,
           deliver: bool = True, **fields) -> str:
        """An NC that has taken the lifecycle's usual path to `status` (one audit event per step), with
        its card showing that state; `fields` override the report."""
        now = utcnow()
        with self.session_factory.begin() as session:
            record = records.report(session, team_id=TEAM, reporter=reporter, values={**REPORT, **fields}, now=now)
            for step in PATH[status]:
                record = lifecycle.apply(session, team_id=TEAM, record_id=record.record_id, step_name=step,
                                         actor=STEP_USERS[step], is_manager=lambda: True,
                                         answers=STEP_ANSWERS[step], now=now)
            nc_messages.announce(session, record, channel=channel, now=now)
        if deliver:
            self.slack.flush()
        return record.record_id

    def approval(self, *, requester: str = "U_ALICE", approvers=("U_MANAGER",), policy: str = "any",
                 decided_by: dict[str, bool] | None = None, deliver: bool = True, **fields) -> str:
        """A request with its card and approvers' copies delivered; `decided_by` maps approver -> approve?"""
        now = utcnow()
        draft = ApprovalDraft(**{"title": "Homepage design for Acme", "description": "Final mock-up, v3",
                                 **fields, "approvers": tuple(approvers), "policy": policy})
        with self.session_factory.begin() as session:
            outcome = approval_records.create(session, team_id=TEAM, requester=requester,
                                              draft=replace(draft, names={a: a for a in approvers}),
                                              card_channel=QUALITY_CHANNEL, now=now)
            approval_messages.announce(session, outcome, now=now)
            for approver, approve in (decided_by or {}).items():
                outcome = approval_lifecycle.decide(session, team_id=TEAM, record_id=outcome.request.record_id,
                                                    actor=approver, approve=approve,
                                                    comment=None if approve else "Not like this", now=now)
                approval_messages.report_change(session, outcome, actor=approver, now=now)
        if deliver:
            self.slack.flush()
        return outcome.request.record_id


@pytest.fixture
def make(session_factory, slack) -> Make:
    return Make(session_factory, slack)
