"""/qms objective: a manager sets one (a card in the quality channel, one audit event), bad input answers
under the fields and stores nothing, anyone sees them, and an owner enters a manual measure's value."""
import json

import pytest
from sqlalchemy import select

from bot.blocks.ids import OBJECTIVE_NEW, OBJECTIVE_UPDATE, OBJECTIVE_VALUE
from models import AuditEvent, Objective, ObjectiveValue
from tests.support.fixtures import MANAGER, QUALITY_CHANNEL
from tests.support.queries import audit_count, count

GOOD = {"name": "Customers are satisfied", "owner": "U_BOB", "period": "month", "measure": "csat_average",
        "target": "4.5"}


def open_modal(slack, user=MANAGER) -> dict:
    assert slack.command("objective", user=user).status_code == 200
    return slack.last_view()


def test_a_manager_sets_an_objective_and_its_card_is_posted(slack, session_factory):
    view = open_modal(slack)
    assert view["callback_id"] == OBJECTIVE_NEW
    measures = next(b for b in view["blocks"] if b["block_id"] == "measure")["element"]["options"]
    assert len(measures) == 8
    response = slack.submit(view, user=MANAGER, **GOOD)
    assert response.content in (b"", b"{}"), response.content
    with session_factory() as session:
        objective = session.scalars(select(Objective)).one()
        actions = list(session.scalars(select(AuditEvent.action)))
    assert (objective.record_id, objective.owner, objective.target, objective.measure) == (
        "OBJ-1", "U_BOB", 4.5, "csat_average")
    assert actions == ["objective.created"]
    slack.flush()
    [post] = slack.fake.ok_calls("chat.postMessage")
    assert post.args["channel"] == QUALITY_CHANNEL and "OBJ-1" in post.args["text"]
    assert "≥ 4.5/5" in json.dumps(post.args["blocks"], ensure_ascii=False)


@pytest.mark.parametrize(("answers", "field"), [
    ({"owner": None}, "owner"),
    ({"target": None}, "target"),
    ({"target": "95%"}, "target"),                                # a percentage is no CSAT score
    ({"measure": "overdue_actions", "target": "1.5"}, "target"),  # a count is whole
    ({"measure": "ncs_closed_within", "target": "90"}, "days"),   # N days missing
    ({"measure": "manual", "target": "3"}, "direction"),
])
def test_bad_input_answers_under_the_field_and_stores_nothing(slack, session_factory, answers, field):
    view = open_modal(slack)
    response = slack.submit(view, user=MANAGER, **{**GOOD, **answers})
    body = json.loads(response.content)
    assert body["response_action"] == "errors" and field in body["errors"], body
    assert count(session_factory, Objective) == 0 and audit_count(session_factory) == 0


def test_only_managers_set_objectives_but_anyone_sees_them(slack, session_factory):
    slack.command("objective", user="U_ALICE")
    assert "Only Trellis managers" in slack.responses()[-1]["text"]
    assert not slack.fake.calls_to("views.open")
    slack.submit(open_modal(slack), user=MANAGER, **GOOD)
    listed = slack.command("objective list", user="U_ALICE")
    assert "OBJ-1" in listed.content.decode() and "not measured yet" in listed.content.decode()
    shown = json.loads(slack.command("objective OBJ-1", user="U_ALICE").content)
    assert "Before:" in json.dumps(shown["blocks"]) and OBJECTIVE_UPDATE not in json.dumps(shown)
    missing = json.loads(slack.command("objective OBJ-9", user="U_ALICE").content)
    assert "cannot find OBJ-9" in missing["text"]


def test_the_owner_enters_a_manual_measures_value_and_others_cannot(slack, session_factory):
    slack.submit(open_modal(slack), user=MANAGER, **{**GOOD, "measure": "manual", "target": "90",
                                                      "direction": "at_least", "unit": "%"})
    summary = json.loads(slack.command("objective OBJ-1", user="U_BOB").content)
    [button] = [e for b in summary["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert button["action_id"] == OBJECTIVE_UPDATE

    slack.click(OBJECTIVE_UPDATE, "OBJ-1", user="U_CAROL", channel="C_GENERAL", message_ts="1.0")
    assert "Only the owner of OBJ-1" in slack.responses()[-1]["text"]
    slack.click(OBJECTIVE_UPDATE, "OBJ-1", user="U_BOB", channel="C_GENERAL", message_ts="1.0")
    modal = slack.last_view()
    assert modal["callback_id"] == OBJECTIVE_VALUE
    period = next(b for b in modal["blocks"] if b.get("block_id") == "period_start")["element"]
    bad = slack.submit(modal, user="U_BOB", period_start=period["initial_option"]["value"], value="lots")
    assert json.loads(bad.content)["errors"] == {"value": "Give the value as a number, like 12 or 4.5."}
    saved = slack.submit(modal, user="U_BOB", period_start=period["initial_option"]["value"], value="93")
    assert saved.content in (b"", b"{}"), saved.content
    with session_factory() as session:
        assert session.scalars(select(ObjectiveValue.value)).one() == 93
    again = json.loads(slack.command("objective OBJ-1", user="U_BOB").content)
    assert "93%" in json.dumps(again, ensure_ascii=False) and "(met)" in json.dumps(again)


def test_a_forged_submission_by_someone_who_is_not_a_manager_stores_nothing(slack, session_factory):
    view = open_modal(slack)
    response = slack.submit(view, user="U_ALICE", **GOOD)
    assert json.loads(response.content)["response_action"] == "errors"
    assert count(session_factory, Objective) == 0
