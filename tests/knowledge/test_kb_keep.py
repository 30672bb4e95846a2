"""Keeping knowledge true: edits keep every version, Still true from a reminder, Retire, orphaned entries
and their reassignment, and the lesson learned from a closed NC."""
from __future__ import annotations

from datetime import timedelta

from bot.blocks import ids
from bot.blocks.knowledge.reminder import review_item
from bot.qms.inputs import Period
from bot.qms.knowledge import digest, reminders
from models.types import utcnow
from tests.knowledge.flow import input_of, prefilled
from tests.knowledge.seed import TEAM
from tests.support.fixtures import MANAGER
from tests.support.nc import buttons, refusals, text_of


def test_editing_keeps_every_version_and_updates_the_card_in_place(kb_flow):
    record_id = kb_flow.save(title="VPN setup", body="Use the old client.", owner="U_BOB", user="U_BOB")
    where = kb_flow.saved(record_id)
    kb_flow.click(record_id, ids.KB_EDIT_BUTTON, user="U_BOB")
    view = kb_flow.slack.last_view()
    assert view["callback_id"] == ids.KB_EDIT and input_of(view, "body")["initial_value"] == "Use the old client."
    assert kb_flow.submit(view, user="U_BOB", body="Use WireGuard; the old client is gone.",
                          tags="vpn").content in (b"", b"{}")
    kb_flow.slack.flush()

    versions = kb_flow.versions(record_id)
    assert [(v.version, v.body, v.edited_by) for v in versions] == [
        (1, "Use the old client.", "U_BOB"), (2, "Use WireGuard; the old client is gone.", "U_BOB")]
    entry = kb_flow.stored(record_id)
    assert (entry.version, entry.tags) == (2, ["vpn"])
    assert kb_flow.audit_actions(record_id)[-1] == "kb.edited"
    update = kb_flow.fake.ok_calls("chat.update")[-1]
    assert (update.args["channel"], update.args["ts"]) == (where.channel, where.ts)
    assert "WireGuard" in text_of(kb_flow.card(record_id)) and "*Version*\\n2" in text_of(kb_flow.card(record_id))
    thread = [m["text"] for m in kb_flow.fake.messages[where.channel] if m.get("thread_ts") == where.ts
              and m["ts"] != where.ts]
    assert thread and "<@U_BOB> edited it (now version 2)" in thread[-1]
    assert kb_flow.search("wireguard")["blocks"][1]["text"]["text"].startswith("*<https://")  # re-indexed


def test_an_edit_that_changes_nothing_saves_no_version(kb_flow):
    record_id = kb_flow.save(owner="U_BOB", user="U_BOB")
    kb_flow.click(record_id, ids.KB_EDIT_BUTTON, user="U_BOB")
    answer = kb_flow.submit(kb_flow.slack.last_view(), user="U_BOB").json()
    assert "Nothing was changed" in answer["errors"]["title"]
    assert len(kb_flow.versions(record_id)) == 1 and kb_flow.audit_actions(record_id) == ["kb.created"]


def test_only_the_owner_or_a_manager_changes_an_entry(kb_flow):
    record_id = kb_flow.save(owner="U_BOB", user="U_BOB")
    for action in (ids.KB_EDIT_BUTTON, ids.KB_CONFIRM, ids.KB_RETIRE):
        kb_flow.click(record_id, action, user="U_CAROL")
    assert len(refusals(kb_flow.slack)) == 3
    assert all("Only the owner of" in text for text in refusals(kb_flow.slack))
    assert kb_flow.audit_actions(record_id) == ["kb.created"]
    kb_flow.click(record_id, ids.KB_EDIT_BUTTON, user=MANAGER)
    assert kb_flow.slack.last_view()["callback_id"] == ids.KB_EDIT


def test_review_due_reminder_then_still_true(kb_flow, session_factory):
    record_id = kb_flow.save(owner="U_BOB", user="U_BOB", review_days="7")
    later = utcnow() + timedelta(days=8)
    with session_factory() as session:
        due = reminders.reminders_due(session, team_id=TEAM, now=later)
    assert [(d.person, d.kind, d.item.record_id) for d in due] == [("U_BOB", "knowledge_review", record_id)]
    blocks = review_item(due[0])
    labels = [b["text"]["text"] for b in blocks[1]["elements"]]
    assert labels == ["Edit", "Still true", "Retire"]

    before = kb_flow.stored(record_id)
    still_true = next(b for b in blocks[1]["elements"] if b["action_id"] == ids.KB_CONFIRM)
    kb_flow.slack.click(still_true["action_id"], still_true["value"], user="U_BOB", channel="DU_BOB",
                        message_ts="1700000000.000500")  # from the reminder DM
    after = kb_flow.stored(record_id)
    assert after.confirmed_at > before.confirmed_at and after.confirmed_by == "U_BOB"
    assert after.next_review_at > before.next_review_at
    assert "is confirmed as still true" in refusals(kb_flow.slack)[-1]
    assert kb_flow.audit_actions(record_id)[-1] == "kb.confirmed"
    with session_factory() as session:
        assert reminders.reminders_due(session, team_id=TEAM, now=utcnow() + timedelta(days=6)) == []


def test_retire_hides_it_from_search_and_reviews(kb_flow):
    record_id = kb_flow.save(title="Fax the invoices", body="We fax invoices.")
    kb_flow.click(record_id, ids.KB_RETIRE, user="U_ALICE")
    kb_flow.slack.flush()
    assert kb_flow.stored(record_id).status == "retired"
    assert buttons(kb_flow.card(record_id)) == {} and "Retired by <@U_ALICE>" in text_of(kb_flow.card(record_id))
    assert "Nothing in the knowledge base matches" in text_of(kb_flow.search("fax"))
    assert record_id in text_of(kb_flow.search("fax status:retired"))
    kb_flow.click(record_id, ids.KB_CONFIRM, user="U_ALICE")
    assert "is retired" in refusals(kb_flow.slack)[-1]


def test_an_owner_who_leaves_orphans_their_entries_and_a_manager_reassigns(kb_flow, session_factory):
    record_id = kb_flow.save(owner="U_BOB", user="U_BOB", review_days="7")
    user = dict(kb_flow.fake.users["U_BOB"], deleted=True)
    assert kb_flow.slack.event({"type": "user_change", "user": user}).status_code == 200
    kb_flow.slack.flush()
    card = kb_flow.card(record_id)
    assert "has left the workspace" in text_of(card) and "Reassign" in buttons(card)

    later = utcnow() + timedelta(days=8)
    with session_factory() as session:
        assert reminders.reminders_due(session, team_id=TEAM, now=later) == []  # nobody to ask
        group = digest.review_input(session, team_id=TEAM, period=Period(later - timedelta(days=7), later), now=later)
    orphaned = next(item for item in group.lists if item.heading.startswith("Orphaned"))
    assert [ref.record_id for ref in orphaned.items] == [record_id]

    kb_flow.click(record_id, ids.KB_REASSIGN_BUTTON, user="U_CAROL")
    assert "Only managers can reassign" in refusals(kb_flow.slack)[-1]
    kb_flow.click(record_id, ids.KB_REASSIGN_BUTTON, user=MANAGER)
    view = kb_flow.slack.last_view()
    assert view["callback_id"] == ids.KB_REASSIGN
    gone = kb_flow.slack.submit(view, user=MANAGER, owner="U_BOB").json()
    assert "left the workspace" in gone["errors"]["owner"]
    assert kb_flow.slack.submit(view, user=MANAGER, owner="U_CAROL").content in (b"", b"{}")
    kb_flow.slack.flush()
    assert kb_flow.stored(record_id).owner == "U_CAROL"
    assert "Reassign" not in buttons(kb_flow.card(record_id))
    assert kb_flow.audit_actions(record_id)[-1] == "kb.reassigned"


def test_a_closed_nc_saves_its_lesson_learned(kb_flow, make, nc_flow):
    nc_id = make.nc("closed")
    card = nc_flow.card(nc_id)
    lesson = buttons(card)["Save as lesson learned"]
    where = nc_flow.saved(nc_id)
    kb_flow.slack.click(lesson["action_id"], lesson["value"], user="U_BOB", channel=where.channel,
                        message_ts=where.ts)
    view = kb_flow.slack.last_view()
    assert view["callback_id"] == ids.KB_SAVE
    body = prefilled(view)["body"]
    assert "The old revision was on the shared drive" in body and "Archive superseded drawings" in body
    assert prefilled(view)["title"].startswith("Lesson: ")
    assert kb_flow.submit(view, user="U_BOB").content in (b"", b"{}")
    kb_flow.slack.flush()
    entry = kb_flow.newest()
    assert entry.nc_id == nc_id and f"Lesson learned from {nc_id}" in text_of(kb_flow.card(entry.record_id))


def test_an_open_nc_has_no_lesson_yet(kb_flow, make, nc_flow):
    nc_id = make.nc("action")
    where = nc_flow.saved(nc_id)
    kb_flow.slack.click(ids.KB_LESSON, nc_id, user="U_BOB", channel=where.channel, message_ts=where.ts)
    assert "not a closed nonconformance" in refusals(kb_flow.slack)[-1]
