"""The management review, clicked through as Slack would: the digest posted, "Record management review",
an action added in the modal, MR-1 stored with the digest's figures frozen, its summary in the digest's
thread, its actions followed by /qms mine, the next digest and their owners' buttons."""
from datetime import timedelta

from sqlalchemy import select

from bot import digest
from bot.blocks import ids
from bot.sandbox.slack import requests as sr
from models import AuditEvent, Comment, ManagementReview, ReviewAction
from models.types import utcnow
from tests.reviews.seed import DEFAULTS, NOW, digest_messages, nc
from tests.support.factories import TEAM
from tests.support.fixtures import MANAGER, QUALITY_CHANNEL

TODAY = utcnow().date()
DUE = (TODAY + timedelta(days=14)).isoformat()


def post_digest(session_factory, slack, fake_slack) -> dict:
    with session_factory.begin() as session:
        nc(session, at=NOW - timedelta(days=2))
    digest.run_digest(session_factory, team_id=TEAM, defaults=DEFAULTS, now=NOW)
    slack.flush()
    [message] = digest_messages(fake_slack)
    return message


def open_review(slack, message, user=MANAGER):
    return slack.click(ids.RECORD_REVIEW, "DIG-2026-11-30", user=user, channel=QUALITY_CHANNEL,
                       message_ts=message["ts"])


def test_record_a_management_review_from_the_digest(session_factory, slack, fake_slack):
    message = post_digest(session_factory, slack, fake_slack)
    assert open_review(slack, message).status_code == 200
    modal = slack.last_view()
    typed = {"held_on": TODAY.isoformat(), "attendees": [MANAGER, "U_BOB"], "comment_c4": "One new NC; fine.",
             "action_1_title": "Train the team",
             "action_1_kind": "improvement", "action_1_owner": "U_BOB", "action_1_due": DUE}
    added = slack.view_action({**modal, "state": {"values": sr.input_values(modal, **typed)}},
                              {"action_id": ids.REVIEW_ADD_ACTION, "block_id": "add_action", "type": "button",
                               "value": "add"}, user=MANAGER)
    assert added.status_code == 200
    modal = slack.last_view("views.update")
    assert "action_2_title" in {block.get("block_id") for block in modal["blocks"]}
    response = slack.submit(modal, user=MANAGER, **typed, issues_decision="A new competitor in the north.",
                            action_2_title="Hire a second designer", action_2_kind="resource",
                            action_2_owner=MANAGER, action_2_due=DUE)
    assert response.content in (b"", b"{}"), response.content
    slack.flush()
    with session_factory() as session:
        review = session.scalars(select(ManagementReview)).one()
        actions = session.scalars(select(ReviewAction).order_by(ReviewAction.id)).all()
        events = session.scalars(select(AuditEvent.action).where(AuditEvent.record_type == "review")).all()
    assert review.record_id == "MR-1" and review.attendees == [MANAGER, "U_BOB"]
    assert review.comments == {"c4": "One new NC; fine."}
    assert next(group for group in review.inputs if group["key"] == "c4")["figures"][0] == {
        "label": "Opened", "value": 1, "trend": [0, 0, 0, 0]}  # frozen as posted
    assert [(a.record_id, a.kind, a.owner) for a in actions] == [("ACT-1", "improvement", "U_BOB"),
                                                                  ("ACT-2", "resource", MANAGER)]
    assert events == ["review.recorded"]
    thread = [m for m in fake_slack.messages[QUALITY_CHANNEL] if m.get("thread_ts") == message["ts"] != m["ts"]]
    assert thread and thread[0]["text"] == "MR-1: management review recorded"
    assert "ACT-1" in str(thread[0]["blocks"]) and "Hire a second designer" in str(thread[0]["blocks"])
    edited = next(m for m in fake_slack.messages[QUALITY_CHANNEL] if m["ts"] == message["ts"])
    assert "Review recorded as *MR-1*" in str(edited["blocks"]) and ids.RECORD_REVIEW not in str(edited["blocks"])

    # The action's owner marks it done from their DM copy; the owner cannot confirm it; another manager can.
    dm = next(m for m in fake_slack.messages[fake_slack.dm_of("U_BOB")] if "ACT-1" in m["text"])
    slack.click(ids.ACTION_DONE, "ACT-1", user="U_BOB", channel=fake_slack.dm_of("U_BOB"), message_ts=dm["ts"])
    slack.click(ids.ACTION_CONFIRM, "ACT-1", user="U_BOB", channel=fake_slack.dm_of("U_BOB"), message_ts=dm["ts"])
    assert "someone else has to confirm" in slack.responses()[-1]["text"]
    slack.click(ids.ACTION_CONFIRM, "ACT-1", user=MANAGER, channel=QUALITY_CHANNEL, message_ts=dm["ts"])
    slack.flush()
    with session_factory() as session:
        assert session.scalars(select(ReviewAction.status).where(ReviewAction.record_id == "ACT-1")).one() == \
            "confirmed"

    # A reply in the digest's thread is kept as the review's discussion.
    slack.deliver_events()
    fake_slack.post_as("U_BOB", QUALITY_CHANNEL, "Agreed on the designer.", thread_ts=message["ts"])
    slack.settle()
    with session_factory() as session:
        kept = session.scalars(select(Comment).where(Comment.record_type == "digest")).all()
    assert [(c.record_id, c.text) for c in kept] == [("DIG-2026-11-30", "Agreed on the designer.")]
