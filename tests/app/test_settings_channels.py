"""A quality channel Trellis cannot post to is refused in /qms settings, with what to do about it."""
from __future__ import annotations

from models import Workspace
from tests.support.fixtures import MANAGER
from tests.support.queries import audit_count, open_settings

ANSWERS = dict(timezone="UTC", digest_schedule="mon 09:00", stale_days="14", processes="Sales")


def save(slack, **channels):
    return slack.submit(open_settings(slack), user=MANAGER, **ANSWERS, **channels)


def test_a_private_channel_trellis_is_not_in_is_refused_with_the_fix(slack, session_factory):
    slack.fake.add_channel("C_SECRET", name="secret", is_private=True, is_member=False)
    body = save(slack, quality_channel="C_SECRET").json()
    assert body["response_action"] == "errors" and "invite @Trellis" in body["errors"]["quality_channel"]
    assert audit_count(session_factory) == 0
    with session_factory() as session:
        assert session.get(Workspace, "T111") is None


def test_an_archived_digest_channel_is_refused(slack):
    channel = slack.fake.add_channel("C_OLD", name="old")
    channel["is_archived"] = True
    body = save(slack, digest_channel="C_OLD").json()
    assert "archived" in body["errors"]["digest_channel"]


def test_a_public_channel_is_joined_and_saved(slack, session_factory):
    slack.fake.add_channel("C_PUB", name="pub", is_member=False)
    assert save(slack, quality_channel="C_PUB").content in (b"", b"{}")
    assert slack.fake.ok_calls("conversations.join")[0].args["channel"] == "C_PUB"
    with session_factory() as session:
        assert session.get(Workspace, "T111").quality_channel == "C_PUB"


def test_when_slack_is_slow_the_choice_is_accepted_and_checked_again_after(slack, session_factory, directory):
    slack.fake.add_channel("C_SECRET", name="secret", is_private=True, is_member=False)
    slack.fake.slow("conversations.info", 1.5, times=1)
    assert save(slack, quality_channel="C_SECRET").content in (b"", b"{}")  # accepted within the ack
    slack.fake.wait_for("conversations.info", count=0, timeout=5)
    directory.drain()
    slack.flush()
    [notice] = [call for call in slack.fake.ok_calls("chat.postMessage") if call.args["channel"] == MANAGER]
    assert "<#C_SECRET>" in notice.args["text"] and "invite @Trellis" in notice.args["text"]
