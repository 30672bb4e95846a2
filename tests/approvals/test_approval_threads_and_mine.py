"""An approval's review thread (channel card or a DM copy) and finding approvals in `/qms mine` and Home."""
import json

import pytest
from sqlalchemy import select

from bot.qms import threads
from bot.sandbox.slack.app_home import AppHome
from bot.sandbox.slack.replies import ImpossibleInSlack
from models import AuditEvent
from tests.support.fixtures import QUALITY_CHANNEL


def reply(channel: str, thread_ts: str, *, ts: str, text: str, user: str = "U_BOB") -> dict:
    return {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts, "thread_ts": thread_ts}


def comments(flow, record_id: str):
    with flow.session_factory() as session:
        return threads.comments_for(session, team_id="T111", record_type="approval", record_id=record_id)


def comment_actions(flow, record_id: str) -> list[str]:
    with flow.session_factory() as session:
        return list(session.scalars(select(AuditEvent.action).where(
            AuditEvent.record_id == record_id, AuditEvent.action.like("comment.%")).order_by(AuditEvent.seq)))


@pytest.mark.xfail(not AppHome.from_manifest().people_can_write, raises=ImpossibleInSlack, strict=True,
                   reason="app.yaml makes the Messages tab read-only, so an approver cannot reply in their DM "
                          "copy's thread and Slack never sends that event (flip messages_tab_read_only_enabled)")
def test_replies_under_the_channel_card_and_a_dm_copy_are_kept_once_with_edits_and_deletions(flow):
    record_id = flow.ask_and_deliver()
    card, dm_copy = flow.saved(record_id), flow.saved(record_id, dm="U_MANAGER")
    in_channel = reply(card.channel, card.ts, ts="1800000000.000100", text="Is the logo the new one?")
    in_dm = reply(dm_copy.channel, dm_copy.ts, ts="1800000000.000200", text="Checking with the client",
                  user="U_MANAGER")
    for retry in (None, 1, 2):  # Slack retries the same event
        assert flow.slack.event(in_channel, event_id="EvA1", retry_num=retry).status_code == 200
    flow.slack.event(in_channel, event_id="EvA2")  # the same reply under another event id
    flow.slack.event(in_dm, event_id="EvA3")
    kept = comments(flow, record_id)
    assert [(c.channel, c.author, c.text) for c in kept] == [
        (QUALITY_CHANNEL, "U_BOB", "Is the logo the new one?"),
        (dm_copy.channel, "U_MANAGER", "Checking with the client")]

    edit = {"type": "message", "subtype": "message_changed", "channel": card.channel, "hidden": True,
            "ts": "1800000001.000000",
            "message": {**in_channel, "text": "Is the logo the 2025 one?", "edited": {"user": "U_BOB",
                                                                                     "ts": "1800000001.000000"}}}
    flow.slack.event(edit, event_id="EvA4")
    flow.slack.event(edit, event_id="EvA4", retry_num=1)
    deletion = {"type": "message", "subtype": "message_deleted", "channel": dm_copy.channel, "hidden": True,
                "ts": "1800000002.000000", "deleted_ts": in_dm["ts"], "previous_message": in_dm}
    flow.slack.event(deletion, event_id="EvA5")
    first, second = comments(flow, record_id)
    assert first.text == "Is the logo the 2025 one?" and first.edited_at is not None
    assert second.deleted_at is not None and second.text == "Checking with the client"
    assert comment_actions(flow, record_id) == ["comment.added", "comment.added", "comment.edited", "comment.deleted"]


def test_trellis_own_thread_lines_are_not_comments(flow):
    record_id = flow.ask_and_deliver()
    flow.click("approve", record_id, user="U_MANAGER", dm="U_MANAGER")
    flow.slack.flush()
    card = flow.saved(record_id)
    lines = [m for m in flow.fake.messages[QUALITY_CHANNEL] if m.get("thread_ts") == card.ts]
    assert lines
    for line in lines:
        flow.slack.event({**line, "channel": QUALITY_CHANNEL})
    assert comments(flow, record_id) == []


def mine_text(flow, user: str) -> str:
    return json.dumps(flow.slack.command("mine", user=user).json()["blocks"])


def test_mine_and_home_list_approvals_waiting_on_the_user_and_their_own_pending_requests(flow):
    first = flow.ask_and_deliver(title="Homepage design", approvers=["U_MANAGER", "U_ADMIN"], policy="all")
    second = flow.ask_and_deliver(title="<!channel> supplier quote", approvers=["U_ADMIN"], due_on=None)
    decided = flow.ask_and_deliver(title="Old brochure", approvers=["U_MANAGER"])
    flow.click("approve", decided, user="U_MANAGER", dm="U_MANAGER")
    flow.click("approve", first, user="U_MANAGER", dm="U_MANAGER")
    flow.slack.flush()

    manager = mine_text(flow, "U_MANAGER")
    waiting = manager[manager.index("Approvals waiting on you"):manager.index("Your approval requests")]
    assert "No approval is waiting on you" in waiting  # Manager already approved the first

    admin = mine_text(flow, "U_ADMIN")
    waiting = admin[admin.index("Approvals waiting on you"):admin.index("Your approval requests")]
    assert first in waiting and second in waiting and decided not in waiting
    assert "&lt;!channel&gt; supplier quote" in waiting and "<!channel>" not in admin
    dm_copy = flow.saved(first, dm="U_ADMIN")
    assert f"/archives/{dm_copy.channel}/p{dm_copy.ts.replace('.', '')}|{first}>" in waiting  # their own copy

    alice = mine_text(flow, "U_ALICE")
    requested = alice[alice.index("Your approval requests"):]
    assert first in requested and second in requested and decided not in requested
    assert "1 approved so far" in requested
    card = flow.saved(first)
    assert f"/archives/{card.channel}/p{card.ts.replace('.', '')}|{first}>" in requested

    flow.slack.event({"type": "app_home_opened", "user": "U_ADMIN", "tab": "home", "channel": "DU_ADMIN"})
    home = json.dumps(flow.fake.home_views["U_ADMIN"]["blocks"])
    assert "Approvals waiting on you" in home and first in home and second in home
