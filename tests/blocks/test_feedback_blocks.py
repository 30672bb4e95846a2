"""The feedback and objective builders stay inside Block Kit's limits whatever people typed."""
from __future__ import annotations

from datetime import UTC, date, datetime

from bot.blocks import settings
from bot.blocks.feedback.card import feedback_card
from bot.blocks.feedback.modals import confirmation, customer_options, feedback_modal
from bot.blocks.objectives.card import objective_summary, objectives_list
from bot.blocks.objectives.modals import objective_modal, value_modal
from bot.qms.evidence import SourceMessage
from bot.qms.objectives.values import PeriodValue
from bot.qms.workspaces import WorkspaceSettings
from bot.sandbox.slack.blockkit import message_errors, view_errors
from models import Customer, Feedback, Objective

LONG = "<!channel> & " * 300
NOW = datetime(2030, 3, 15, tzinfo=UTC)


def test_feedback_modal_card_confirmation_and_options():
    source = SourceMessage(channel="D_ALICE", ts="1.2", author="U_EXT", text=LONG)
    customer = {"text": {"type": "plain_text", "text": "x" * 75}, "value": "c:1"}
    for scale in ("csat", "nps"):
        assert view_errors(feedback_modal(scale=scale)) == []
        assert view_errors(feedback_modal(scale=scale, source=source, customer=customer, comment=LONG[:3000],
                                          author_team="T_EXT")) == []
    record = Feedback(team_id="T", record_id="FB-123456", customer_id=1, customer="&" * 140, scale="csat", score=1,
                      comment=LONG[:3000], received_via="slack", related_nc="NC-1", logged_by="U_ALICE",
                      created_at=NOW, source_channel="C_SALES", source_ts="1.2", source_text=LONG,
                      source_private=False)
    assert message_errors(feedback_card(record)["blocks"]) == []
    assert view_errors(confirmation(record)) == []
    known = [Customer(id=n, team_id="T", name=f"{'&' * 190}{n}", name_key="") for n in range(150)]
    assert len(customer_options(known, "y" * 300)["options"]) == 100


def test_objective_modals_summary_and_list():
    objective = Objective(id=1, team_id="T", record_id="OBJ-1", name="&" * 150, owner="U_BOB", period="quarter",
                          measure="manual", target=90, direction="at_least", unit="x" * 30, created_by="U_M")
    values = [PeriodValue(date(2030, 1, 1), NOW, NOW, 91.5, "met")] * 5
    assert view_errors(objective_modal()) == []
    assert view_errors(value_modal(objective, [date(2030, 1, 1), date(2029, 10, 1)], date(2029, 10, 1))) == []
    assert message_errors(objective_summary(objective, values, can_update=True)["blocks"]) == []
    many = [Objective(**{**objective.model_dump(), "id": n, "record_id": f"OBJ-{n}"}) for n in range(60)]
    assert message_errors(objectives_list(many, {n: values for n in range(60)})["blocks"]) == []


def test_settings_with_many_customer_channels():
    current = WorkspaceSettings(processes=tuple(f"P{n}" for n in range(100)),
                                customer_channels=tuple(f"C{n:05d}" for n in range(60)),
                                customer_channel_owners={"C00001": "U_BOB"},
                                overridden=frozenset({"customer_channels"}))
    view = settings.settings_modal(current, tuple(f"C{n:05d}" for n in range(60)), {"C00001": "x" * 200})
    assert view_errors(view) == []


def test_a_complaint_nc_from_long_evidence_keeps_its_metadata_in_slacks_limit():
    from bot.blocks.nc.modals import feedback_of, report_modal

    source = SourceMessage(channel="C_SALES", ts="1.2", author="U_EXT", text="é&" * 3000)
    view = report_modal(processes=("Sales",), source=source, feedback_id="FB-12", customer="Acme",
                        origin="customer_complaint")
    assert view_errors(view) == [] and feedback_of(view["private_metadata"]) == "FB-12"
