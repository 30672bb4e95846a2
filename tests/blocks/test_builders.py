"""Every Block Kit builder, as a plain function: its output is what Slack accepts (the fake Slack's
Block Kit validator, built from Slack's published limits), whatever state the record is in."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.blocks import errors, help, home, mine, settings
from bot.blocks.approvals.card import approval_card, left_notice, requester_notice, thread_line
from bot.blocks.approvals.modals import rejection_modal, request_modal
from bot.blocks.nc.card import nc_card, nc_summary, nc_thread_line
from bot.blocks.nc.modals import report_modal, step_modal
from bot.qms.evidence import SourceMessage
from bot.qms.listing import Item, Section
from bot.qms.nc.lifecycle import STATUS_LABELS, STEPS
from bot.qms.workspaces import WorkspaceSettings
from bot.sandbox.slack.blockkit import message_errors, view_errors
from models import ApprovalApprover, ApprovalRequest, Nonconformance

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LONG = "&<>" * 1000  # escapes to five times its length: limits are counted after escaping


def nc(status: str, text: str = "Rev B went out instead of rev C.") -> Nonconformance:
    return Nonconformance(
        team_id="T1", record_id="NC-12", title=text[:150], description=text, severity="major", process="Delivery",
        customer=text[:200], source="customer_complaint", status=status, reporter="U_ALICE", owner="U_BOB",
        correction=text, root_cause=[text[:500]] * 5, corrective_action=text, due_date=date(2026, 12, 24),
        done_summary=text, effectiveness=text, not_effective_reason=text, rejection_reason=text,
        source_channel="C_SALES", source_ts="1.2", source_author="U_CAROL", source_text=text,
        source_permalink="https://example.slack.com/archives/C_SALES/p12", created_at=NOW, updated_at=NOW)


def approval(status: str, policy: str = "all", text: str = "Final mock-up") -> tuple[ApprovalRequest, list]:
    request = ApprovalRequest(
        id=1, team_id="T1", record_id="APR-3", title=text[:150], description=text, link="https://example.com/x|y",
        policy=policy, due_on=date(2026, 12, 24), nc_id="NC-12", requester="U_ALICE", status=status,
        card_channel="C_QUALITY", created_at=NOW, updated_at=NOW, closed_by="U_MANAGER",
        closed_at=NOW if status != "pending" else None, reason=text if status == "rejected" else None,
        source_channel="C_SALES", source_ts="1.2", source_author="U_CAROL", source_text=text)
    decided = {"approved": "approved", "rejected": "rejected"}.get(status, "pending")
    approvers = [ApprovalApprover(request_id=1, user_id="U_MANAGER", team_id="T1", position=0, name="Manager",
                                  decision=decided, decided_at=NOW if decided != "pending" else None),
                 ApprovalApprover(request_id=1, user_id="U_ADMIN", team_id="T1", position=1, name="Admin"),
                 ApprovalApprover(request_id=1, user_id="U_GONE", team_id="T1", position=2, name="Gone",
                                  decision="left")]
    return request, approvers


@pytest.mark.parametrize("text", ["Rev B went out", LONG], ids=["short", "long"])
@pytest.mark.parametrize("status", list(STATUS_LABELS))
def test_nc_card_and_summary(status, text):
    record = nc(status, text)
    for message in (nc_card(record), nc_summary(record, "https://example.slack.com/archives/C/p1"),
                    nc_thread_line(record, STEPS["investigate"], "U_BOB", NOW)):
        assert message_errors(message.get("blocks", [])) == [] and message["text"]
        assert len(message["text"]) <= 4000


@pytest.mark.parametrize("text", ["Rev B", LONG], ids=["short", "long"])
@pytest.mark.parametrize("step", list(STEPS))
def test_nc_step_modals(step, text):
    assert view_errors(step_modal(nc(STEPS[step].source, text), STEPS[step])) == []


def test_nc_report_modal_prefilled_to_the_limits():
    source = SourceMessage(channel="D_ALICE", ts="1.2", author="U_CAROL", text=LONG)
    view = report_modal(processes=[f"Process {n}" for n in range(150)], title="t" * 500, description="d" * 5000,
                        source=source)
    assert view_errors(view) == []


@pytest.mark.parametrize("text", ["Final mock-up", LONG], ids=["short", "long"])
@pytest.mark.parametrize("status", ["pending", "approved", "rejected", "cancelled"])
@pytest.mark.parametrize("policy", ["any", "all"])
def test_approval_card_every_copy(status, policy, text):
    request, approvers = approval(status, policy, text)
    for copy in (None, approvers[0], approvers[1]):
        message = approval_card(request, approvers, approver=copy)
        assert message_errors(message["blocks"]) == []
    for line in (requester_notice(request, approvers), left_notice(request, approvers)):
        assert 0 < len(line) <= 4000
    if status != "pending":
        assert thread_line(request, "U_MANAGER", f"approval.{status}")


def test_approval_modals():
    request, _ = approval("pending", text=LONG)
    source = SourceMessage(channel="C_SALES", ts="1.2", author="U_CAROL", text=LONG)
    for view in (request_modal("t" * 500), request_modal(None, source=source), rejection_modal(request)):
        assert view_errors(view) == []


def test_settings_help_home_mine_and_errors():
    lists = [Section(f"List {n}", tuple(Item(f"NC-{i}", LONG[:150], "Open", "https://x.example/p1")
                                        for i in range(30)), "Nothing.") for n in range(6)]
    assert view_errors(settings.settings_modal(WorkspaceSettings(processes=tuple(f"P{n}" for n in range(100))))) == []
    assert message_errors(help.help_message("/qms", unknown="<!channel>" * 50)["blocks"]) == []
    assert view_errors(home.home_view("U_ALICE", lists)) == []
    assert message_errors(mine.mine_message(lists)["blocks"]) == []
    assert view_errors(errors.apology_view("abc123")) == []
    assert view_errors(errors.not_available_view()) == []
    assert view_errors(errors.notice_view("x", "Not rejected", LONG)) == []
