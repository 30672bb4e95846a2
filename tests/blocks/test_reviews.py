"""The digest, the review modal and an action's card, as dicts: Block Kit's limits, escaping, states."""
import json
from datetime import UTC, date, datetime

from bot.blocks.ids import ACTION_CONFIRM, ACTION_DONE, RECORD_REVIEW
from bot.blocks.reviews.digest import DigestView, digest_message
from bot.blocks.reviews.modal import read_review, review_modal
from bot.blocks.reviews.summary import action_card
from bot.qms.inputs import Figure, InputGroup, ItemList, ItemRef, not_recorded
from bot.qms.reviews.rules import MAX_ACTIONS
from models import ReviewAction

START, END = datetime(2026, 11, 23, 9, tzinfo=UTC), datetime(2026, 11, 30, 9, tzinfo=UTC)


def items(count: int) -> tuple[ItemRef, ...]:
    return tuple(ItemRef("nc", f"NC-{n}", "<!channel> & " * 30, "U_BOB", n, "due <@U_ALICE> 3 Dec")
                 for n in range(count))


def test_a_long_digest_fits_slack_and_escapes_what_people_typed():
    groups = [InputGroup(f"k{n}", f"Input {n}", (Figure("Opened", 3, (1, 2, None, 4)),),
                         (ItemList("Stale", items(12), more=30),)) for n in range(40)]
    message = digest_message(DigestView("DIG-1", START, END, groups, {("nc", "NC-0"): "https://x/p?a=1&b=2"}))
    assert len(message["blocks"]) <= 50
    texts = [block["text"]["text"] for block in message["blocks"] if block.get("text")]
    assert all(len(text) <= 3000 for text in texts)
    body = "\n".join(texts)
    assert "<!channel>" not in body and "&lt;!channel&gt;" in body and "<@U_ALICE>" in body
    assert "<https://x/p?a=1&amp;b=2|NC-0>" in body and "…and 37 more: see `/qms mine`" in body
    assert "Opened: *3* (before: 1, 2, —, 4)" in body
    assert "Some lists were left out to fit Slack" in json.dumps(message)
    assert message["blocks"][-2]["elements"][0]["action_id"] == RECORD_REVIEW


def test_a_recorded_review_replaces_the_button():
    message = digest_message(DigestView("DIG-1", START, END, [not_recorded("c6", "c6) Audit results")], {},
                                        quiet=True, reviewed_as="MR-4"))
    assert RECORD_REVIEW not in json.dumps(message) and "Review recorded as *MR-4*" in json.dumps(message)
    assert message["text"] == "Weekly digest DIG-1 · review recorded as MR-4"


def test_the_review_modal_stays_within_100_blocks_and_reads_back_what_was_typed():
    inputs = [(f"k{n}", f"Input {n}") for n in range(9)]
    modal = review_modal(digest_id="DIG-1", inputs=inputs, today="2026-11-30", actions=MAX_ACTIONS + 3)
    assert len(modal["blocks"]) <= 100 and "add_action" not in json.dumps(modal)  # no more room, no button
    values = {"action_2_title": {"action_2_title": {"type": "plain_text_input", "value": " Fix it "}},
              "attendees": {"attendees": {"type": "multi_users_select", "selected_users": ["U_A"]}}}
    draft, read_inputs, count = read_review({**modal, "state": {"values": values}})
    assert (draft.digest_id, draft.attendees, count, read_inputs) == ("DIG-1", ("U_A",), MAX_ACTIONS, inputs)
    assert draft.actions[1].title == "Fix it" and draft.actions[0].blank


def test_an_actions_card_offers_its_one_next_move():
    action = ReviewAction(team_id="T", record_id="ACT-1", review_id="MR-1", kind="resource", title="A <b>",
                          owner="U_BOB", due_date=date(2026, 12, 14), status="open")
    assert ACTION_DONE in json.dumps(action_card(action)) and "A &lt;b&gt;" in json.dumps(action_card(action))
    action.status, action.done_by = "done", "U_BOB"
    assert ACTION_CONFIRM in json.dumps(action_card(action))
    action.status, action.confirmed_by, action.confirmed_at = "confirmed", "U_M", END
    assert "actions" not in [block["type"] for block in action_card(action)["blocks"]]
