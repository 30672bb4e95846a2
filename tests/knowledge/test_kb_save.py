"""Saving knowledge: from a message, from a thread, `/qms kb new`, the modal's checks, bad input."""
from __future__ import annotations

import pytest

from bot.blocks import ids
from bot.qms.knowledge.rules import BODY_MAX
from models import KnowledgeEntry
from tests.knowledge.flow import input_of
from tests.support.fixtures import QUALITY_CHANNEL
from tests.support.nc import buttons, text_of
from tests.support.queries import audit_count, count

MESSAGE = {"type": "message", "ts": "1700000000.000100", "user": "U_BOB",
           "text": "Deploying the API\nRun `make release`, then tell <#C_SALES> &amp; support."}


def test_save_from_a_message(kb_flow, directory):
    view = kb_flow.shortcut(MESSAGE)
    calls = [call.method for call in kb_flow.fake.calls if call.method != "auth.test"]
    assert calls[0] == "views.open"  # nothing asked of Slack before the modal
    assert input_of(view, "title")["initial_value"] == "Deploying the API"
    assert input_of(view, "body")["initial_value"] == (
        "Deploying the API\nRun `make release`, then tell #C_SALES & support.")
    assert input_of(view, "owner")["initial_user"] == "U_BOB"  # the author owns it by default
    assert input_of(view, "review_days")["initial_value"] == "180"
    assert "include_thread" not in text_of(view)  # no thread to include

    directory.drain()
    assert kb_flow.submit(view, owner="U_BOB").content in (b"", b"{}")
    entry = kb_flow.newest()
    assert (entry.record_id, entry.owner, entry.author, entry.saver) == ("KB-1", "U_BOB", "U_BOB", "U_ALICE")
    assert (entry.source_channel, entry.source_ts, entry.tags, entry.version) == (
        "C_SALES", MESSAGE["ts"], ["api", "billing"], 1)
    assert kb_flow.audit_actions("KB-1") == ["kb.created"]

    kb_flow.slack.flush()
    entry = kb_flow.stored("KB-1")
    assert entry.source_permalink.startswith("https://example.slack.com/archives/C_SALES/")
    assert kb_flow.saved("KB-1").channel == QUALITY_CHANNEL  # no knowledge channel set: the quality channel
    card = kb_flow.card("KB-1")
    assert list(buttons(card)) == ["Edit", "Still true", "Retire"]
    assert "KB-1" in card["text"] and "&amp; support" in text_of(card)
    assert "by <@U_BOB> in <#C_SALES>" in text_of(card)
    assert kb_flow.audit_actions("KB-1") == ["kb.created", "kb.evidence_linked"]


@pytest.mark.settings(trellis_knowledge_channel="C_GENERAL")
def test_cards_go_to_the_knowledge_channel(kb_flow):
    record_id = kb_flow.save()
    assert kb_flow.saved(record_id).channel == "C_GENERAL"


def test_save_from_a_thread_includes_its_replies_once(kb_flow, directory):
    parent = kb_flow.fake.post_as("U_BOB", "C_SALES", "How do we restore a backup?")
    kb_flow.fake.post_as("U_CAROL", "C_SALES", "Use the runbook in the wiki, step 3.", thread_ts=parent["ts"])
    kb_flow.fake.post_as("U_BOB", "C_SALES", "And check <@U_CAROL>'s note about keys.", thread_ts=parent["ts"])
    message = next(m for m in kb_flow.fake.messages["C_SALES"] if m["ts"] == parent["ts"])
    directory.users("T111", ["U_BOB", "U_CAROL"])  # people the directory knows: their names, not their ids
    view = kb_flow.shortcut(dict(message))
    assert "Include the whole thread (2 replies)" in text_of(view)
    directory.drain()
    kb_flow.fake.clear_calls()
    assert kb_flow.submit(view, owner="U_BOB", include_thread=["include_thread"]).content in (b"", b"{}")
    assert kb_flow.fake.ok_calls("conversations.replies") == []  # read after the ack, never before
    assert kb_flow.newest().thread_state == "pending"

    kb_flow.slack.flush()
    assert len(kb_flow.fake.ok_calls("conversations.replies")) == 1
    entry = kb_flow.stored("KB-1")
    assert entry.thread_state == "added"
    assert entry.thread_text == ("carol: Use the runbook in the wiki, step 3.\n\n"
                                 "bob: And check @carol's note about keys.")
    assert kb_flow.audit_actions("KB-1") == ["kb.created", "kb.evidence_linked", "kb.thread_added"]
    card = text_of(kb_flow.card("KB-1"))
    assert "From the thread" in card and "runbook" in card and "Adding the thread" not in card
    assert kb_flow.search("runbook")["blocks"][1]["text"]["text"].count("KB-1") == 1  # the replies are found


def test_a_thread_slack_will_not_give_leaves_the_message_and_says_so(kb_flow, directory):
    parent = kb_flow.fake.post_as("U_BOB", "C_SALES", "Where are the keys?")
    kb_flow.fake.post_as("U_CAROL", "C_SALES", "In the vault.", thread_ts=parent["ts"])
    view = kb_flow.shortcut(dict(next(m for m in kb_flow.fake.messages["C_SALES"] if m["ts"] == parent["ts"])))
    directory.drain()
    kb_flow.fake.fail("conversations.replies", error="missing_scope", times=1)
    kb_flow.submit(view, owner="U_BOB", include_thread=["include_thread"])
    kb_flow.slack.flush()
    kb_flow.slack.flush()
    entry = kb_flow.stored("KB-1")
    assert (entry.thread_state, entry.thread_text) == ("failed", None)
    assert "could not be read" in text_of(kb_flow.card("KB-1"))
    told = [m["text"] for m in kb_flow.fake.messages["DU_ALICE"]]
    assert any("could not read the thread" in text for text in told)


def test_an_apps_message_is_owned_by_the_saver(kb_flow):
    message = {"type": "message", "subtype": "bot_message", "ts": "1700000000.000200", "bot_id": "B1",
               "bot_profile": {"name": "Deploybot"}, "text": "Release 4.2 is out"}
    view = kb_flow.shortcut(message, user="U_CAROL")
    assert input_of(view, "owner")["initial_user"] == "U_CAROL"
    kb_flow.submit(view, user="U_CAROL", owner="U_CAROL")
    kb_flow.slack.flush()
    entry = kb_flow.stored("KB-1")
    assert (entry.owner, entry.author, entry.source_author_name) == ("U_CAROL", None, "Deploybot")
    assert "by the app *Deploybot*" in text_of(kb_flow.card("KB-1"))


def test_qms_kb_new(kb_flow):
    view = kb_flow.open_new(user="U_CAROL")
    assert view["callback_id"] == ids.KB_SAVE and input_of(view, "owner")["initial_user"] == "U_CAROL"
    record_id = kb_flow.save(user="U_CAROL", title="Invoices go out on the 1st")
    entry = kb_flow.stored(record_id)
    assert (entry.author, entry.saver, entry.owner, entry.source_channel) == ("U_CAROL", "U_CAROL", "U_CAROL", None)


def test_qms_kb_new_with_a_title(kb_flow):
    assert kb_flow.slack.command("kb new Where the VPN keys are", user="U_ALICE").status_code == 200
    assert input_of(kb_flow.slack.last_view(), "title")["initial_value"] == "Where the VPN keys are"


def test_the_modal_checks_everything_and_stores_nothing_when_wrong(kb_flow, directory):
    kb_flow.fake.add_user("U_GONE", deleted=True)
    kb_flow.fake.add_user("U_ROBOT", is_bot=True)
    files_only = {"type": "message", "ts": "1700000000.000300", "user": "U_BOB", "text": "",
                  "files": [{"id": "F1", "name": "diagram.png"}]}
    view = kb_flow.shortcut(files_only)
    directory.users("T111", ["U_GONE", "U_ROBOT"])
    directory.drain()
    before = audit_count(kb_flow.session_factory)
    cases = {
        "body": dict(title="A diagram", owner="U_BOB"),  # the message had only a file
        "title": dict(title="", body="x", owner="U_BOB"),
        "owner": dict(title="t", body="x", owner="U_GONE"),
        "review_days": dict(title="t", body="x", owner="U_BOB", review_days="0"),
        "tags": dict(title="t", body="x", owner="U_BOB", tags=" ".join(f"t{n}" for n in range(11))),
    }
    for field, answers in cases.items():
        answer = kb_flow.submit(view, **answers).json()
        assert answer["response_action"] == "errors" and field in answer["errors"], (field, answer)
    robot = kb_flow.submit(view, title="t", body="x", owner="U_ROBOT").json()
    assert "An app cannot keep knowledge true" in robot["errors"]["owner"]
    gone = kb_flow.submit(view, title="t", body="x", owner="U_GONE").json()
    assert "left the workspace" in gone["errors"]["owner"]
    assert count(kb_flow.session_factory, KnowledgeEntry) == 0 and audit_count(kb_flow.session_factory) == before


def test_a_message_longer_than_an_entry_holds_is_cut_with_a_word_of_why(kb_flow):
    long = {"type": "message", "ts": "1700000000.000400", "user": "U_BOB", "text": "Long runbook\n" + "step " * 1500}
    view = kb_flow.shortcut(long)
    assert len(input_of(view, "body")["initial_value"]) == BODY_MAX
    assert "an entry's text holds 3,000" in text_of(view)
    answer = kb_flow.submit(view, owner="U_BOB", body="x" * (BODY_MAX + 1))  # a forged, longer submission
    assert "body" in answer.json()["errors"]
    assert count(kb_flow.session_factory, KnowledgeEntry) == 0


def test_a_submission_slack_delivers_twice_saves_once(kb_flow):
    view = kb_flow.open_new()
    answers = dict(title="Once", body="Only once", owner="U_ALICE")
    kb_flow.submit(view, **answers)
    kb_flow.submit(view, **answers)
    assert count(kb_flow.session_factory, KnowledgeEntry) == 1
