"""Every record type's trail replays to its stored row: a full flow of each verifies, and a row edited in its
table (the audit trail untouched) is named, with the column that differs."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text

from bot.blocks import ids
from bot.qms import audit
from bot.qms.audit import replaying
from bot.qms.objectives import records as objectives
from bot.qms.reviews import lifecycle as review_lifecycle
from models.types import utcnow
from tests.knowledge.flow import kb_flow, prefilled  # noqa: F401  (the fixture)
from tests.reviews.test_review_flow import DUE, TODAY, open_review, post_digest
from tests.support.factories import TEAM
from tests.support.feedback import feedback_flow  # noqa: F401  (the fixture)
from tests.support.fixtures import MANAGER
from tests.support.nc import buttons
from tests.support.queries import Statements


def verdict_of(sessions):
    with sessions.reads() as session:
        return audit.verify(session, team_id=TEAM)


def edited(sessions, statement):
    with sessions.begin() as session:
        session.execute(text(statement))
    return verdict_of(sessions)


def assert_named(verdict, record_id, words):
    assert not verdict.ok and verdict.broken_record == record_id and words in verdict.reason, verdict


# ---- customer feedback: logged, raised as a complaint NC (the NC's feedback_id is on the NC's trail)

def feedback_with_complaint(feedback_flow, slack):  # noqa: F811
    view = feedback_flow.open_modal()
    confirmation = json.loads(feedback_flow.submit(view, score="2", comment="Late again.").content)["view"]
    slack.flush()
    slack.view_action({**view, **confirmation}, {"action_id": ids.FEEDBACK_RAISE_NC, "block_id": "feedback_next",
                                                 "type": "button", "value": "FB-1"}, user="U_ALICE")
    report = slack.last_view("views.push")
    kept = {key: value for key, value in prefilled(report).items() if key in ("title", "description", "customer")}
    answer = slack.submit(report, user="U_ALICE", severity="major", process="Delivery", source="customer_complaint",
                          **kept)
    assert json.loads(answer.content) == {"response_action": "clear"}, answer.content
    slack.flush()


@pytest.mark.parametrize("statement, record_id, words", [
    ("UPDATE feedback SET score = 5", "FB-1", "stored score 5 but its trail says 2"),
    ("UPDATE feedback SET raised_nc = NULL", "FB-1", "stored raised_nc None but its trail says 'NC-1'"),
    ("UPDATE feedback SET customer = 'Other'", "FB-1", "stored customer 'Other'"),
    ("UPDATE nonconformance SET feedback_id = 'FB-9'", "NC-1", "stored feedback_id 'FB-9'"),
    ("DELETE FROM feedback", "FB-1", "is in the trail but its stored record is gone"),
])
def test_feedback_replays_and_an_edited_row_is_named(feedback_flow, slack, session_factory,  # noqa: F811
                                                     statement, record_id, words):
    feedback_with_complaint(feedback_flow, slack)
    verdict = verdict_of(session_factory)
    assert verdict.ok and verdict.replayed == 2, verdict
    assert_named(edited(session_factory, statement), record_id, words)


# ---- knowledge: saved from a thread (its replies added after the ack), edited, confirmed, retired

def kb_through_its_life(kb_flow):  # noqa: F811
    parent = kb_flow.fake.post_as("U_BOB", "C_SALES", "How do we restore a backup?")
    kb_flow.fake.post_as("U_CAROL", "C_SALES", "Use the runbook, step 3.", thread_ts=parent["ts"])
    message = next(m for m in kb_flow.fake.messages["C_SALES"] if m["ts"] == parent["ts"])
    view = kb_flow.shortcut(dict(message))
    assert kb_flow.submit(view, owner="U_BOB", include_thread=["include_thread"]).content in (b"", b"{}")
    kb_flow.slack.flush()
    kb_flow.click("KB-1", ids.KB_EDIT_BUTTON, user="U_BOB")
    assert kb_flow.submit(kb_flow.slack.last_view(), user="U_BOB", body="Restore from the nightly snapshot.",
                          tags="backup").content in (b"", b"{}")
    kb_flow.slack.flush()
    kb_flow.click("KB-1", ids.KB_CONFIRM, user="U_BOB")
    other = kb_flow.save(title="Fax the invoices", body="We fax invoices.")
    kb_flow.click(other, ids.KB_RETIRE, user="U_ALICE")
    kb_flow.slack.flush()


def test_a_lesson_learned_keeps_its_nc_on_the_trail(kb_flow, make, nc_flow, session_factory):  # noqa: F811
    nc_id = make.nc("closed")
    lesson = buttons(nc_flow.card(nc_id))["Save as lesson learned"]
    where = nc_flow.saved(nc_id)
    kb_flow.slack.click(lesson["action_id"], lesson["value"], user="U_BOB", channel=where.channel,
                        message_ts=where.ts)
    assert kb_flow.submit(kb_flow.slack.last_view(), user="U_BOB").content in (b"", b"{}")
    kb_flow.slack.flush()
    assert verdict_of(session_factory).ok
    assert_named(edited(session_factory, "UPDATE knowledge_entry SET nc_id = NULL"), "KB-1",
                 f"stored nc_id None but its trail says '{nc_id}'")


@pytest.mark.parametrize("statement, record_id, words", [
    ("UPDATE knowledge_entry SET body = 'x' WHERE record_id = 'KB-1'", "KB-1", "stored body 'x'"),
    ("UPDATE knowledge_entry SET version = 1 WHERE record_id = 'KB-1'", "KB-1", "stored version 1 but its trail says 2"
     ),
    ("UPDATE knowledge_entry SET tags = NULL WHERE record_id = 'KB-1'", "KB-1", "stored tags []"),
    ("UPDATE knowledge_entry SET thread_text = NULL WHERE record_id = 'KB-1'", "KB-1", "stored thread_text None"),
    ("UPDATE knowledge_entry SET source_author = 'U_EVIL' WHERE record_id = 'KB-1'", "KB-1", "stored source_author"),
    ("UPDATE knowledge_entry SET confirmed_by = 'U_EVIL' WHERE record_id = 'KB-1'", "KB-1", "stored confirmed_by"),
    ("UPDATE knowledge_entry SET next_review_at = created_at WHERE record_id = 'KB-1'", "KB-1",
     "stored next_review_at"),
    ("UPDATE knowledge_version SET body = 'x' WHERE version = 1 AND title = 'Fax the invoices'", "KB-2",
     "stored versions"),
    ("DELETE FROM knowledge_version WHERE version = 2", "KB-1", "stored versions"),
    ("UPDATE knowledge_entry SET status = 'current' WHERE record_id = 'KB-2'", "KB-2",
     "stored status 'current' but its trail says 'retired'"),
])
def test_knowledge_replays_and_an_edited_row_is_named(kb_flow, session_factory, statement, record_id,  # noqa: F811
                                                      words):
    kb_through_its_life(kb_flow)
    assert kb_flow.audit_actions("KB-1") == ["kb.created", "kb.evidence_linked", "kb.thread_added", "kb.edited",
                                             "kb.confirmed"]
    verdict = verdict_of(session_factory)
    assert verdict.ok and verdict.replayed == 2, verdict
    assert_named(edited(session_factory, statement), record_id, words)


# ---- objectives: created, a manual value recorded and then corrected

def objective_with_values(session_factory, record_id="OBJ-1"):
    with session_factory.begin() as session:
        objectives.create(session, team_id=TEAM, created_by=MANAGER, now=utcnow(), values={
            "name": "On-time delivery", "owner": "U_BOB", "period": "month", "measure": "manual", "target": 90.0,
            "direction": "at_least", "unit": "%"})
    for value in (80.0, 85.5):
        with session_factory.begin() as session:
            objectives.record_value(session, team_id=TEAM, record_id=record_id, period_start=date(2026, 11, 1),
                                    value=value, actor="U_BOB", is_manager=False, now=utcnow())


@pytest.mark.parametrize("statement, words", [
    ("UPDATE objective SET target = 50", "stored target 50.0 but its trail says 90.0"),
    ("UPDATE objective SET owner = 'U_EVIL'", "stored owner 'U_EVIL'"),
    ("UPDATE objective SET active = FALSE", "stored active False but its trail says True"),
    ("UPDATE objective_value SET value = 99", "stored values"),
    ("DELETE FROM objective_value", "stored values {}"),
])
def test_objectives_replay_and_an_edited_row_is_named(session_factory, statement, words):
    objective_with_values(session_factory)
    verdict = verdict_of(session_factory)
    assert verdict.ok and verdict.replayed == 1, verdict
    assert_named(edited(session_factory, statement), "OBJ-1", words)


# ---- management review: the digest posted, MR-1 recorded with two actions, ACT-1 done and confirmed

def review_with_actions(session_factory, slack, fake_slack):
    open_review(slack, post_digest(session_factory, slack, fake_slack))
    answer = slack.submit(slack.last_view(), user=MANAGER, held_on=TODAY.isoformat(), attendees=[MANAGER],
                          comment_c4="Fine.", action_1_title="Train the team", action_1_kind="improvement",
                          action_1_owner="U_BOB", action_1_due=DUE, improvement_decision="More training.")
    assert answer.content in (b"", b"{}"), answer.content
    slack.flush()
    for actor, move in (("U_BOB", "done"), (MANAGER, "confirm")):
        with session_factory.begin() as session:
            review_lifecycle.apply(session, team_id=TEAM, record_id="ACT-1", move=move, actor=actor,
                                   is_manager=lambda: True, now=utcnow())


@pytest.mark.parametrize("statement, record_id, words", [
    ("UPDATE management_review SET attendees = '[\"U_EVIL\"]'", "MR-1", "stored attendees ['U_EVIL']"),
    ("UPDATE management_review SET improvement_decision = 'None'", "MR-1", "stored improvement_decision 'None'"),
    ("UPDATE management_review SET recorded_by = 'U_EVIL'", "MR-1", "stored recorded_by 'U_EVIL'"),
    ("UPDATE review_action SET title = 'Nothing'", "MR-1", "stored actions"),
    ("UPDATE review_action SET status = 'open'", "ACT-1", "stored status 'open' but its trail says 'confirmed'"),
    ("UPDATE review_action SET confirmed_by = 'U_BOB'", "ACT-1", "stored confirmed_by 'U_BOB'"),
    ("UPDATE digest_post SET review_id = NULL", "MR-1", "stored digest_review_id None but its trail says 'MR-1'"),
    ("UPDATE digest_post SET trigger = 'manual'", "DIG-2026-11-30", "stored trigger 'manual'"),
    ("DELETE FROM review_action", "MR-1", "stored actions []"),
])
def test_a_review_its_digest_and_actions_replay_and_an_edited_row_is_named(session_factory, slack, fake_slack,
                                                                           statement, record_id, words):
    review_with_actions(session_factory, slack, fake_slack)
    verdict = verdict_of(session_factory)
    assert verdict.ok and verdict.replayed == 4, verdict  # NC-1 (in the digest), DIG-2026-11-30, MR-1, ACT-1
    assert_named(edited(session_factory, statement), record_id, words)


def test_verify_reads_a_page_of_records_in_a_fixed_number_of_statements(engine, session_factory, monkeypatch):
    monkeypatch.setattr(replaying, "PAGE", 2)

    def statements_of_verify():
        with Statements(engine) as statements:
            assert verdict_of(session_factory).ok
        return statements.count

    objective_with_values(session_factory)
    one_page = statements_of_verify()
    objective_with_values(session_factory, "OBJ-2")
    assert statements_of_verify() == one_page  # still one page: the values of both in one query
    objective_with_values(session_factory, "OBJ-3")
    assert statements_of_verify() == one_page + 3  # a second page: its rows, their events, their values
