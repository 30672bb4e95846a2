"""A card that can never be posted: the person who reported the record is told by DM, once, and
`trellis outbox` shows it with its record (both databases)."""
from bot.messages.failures import not_posted_text
from bot.outbox.queue import Copy
from tests.support.fixtures import QUALITY_CHANNEL
from tests.support.process import trellis

GONE = ("Trellis could not post NC-1's card to <#C_QUALITY>: the channel was not found or Trellis is not in it. "
        "Invite @Trellis or ask a manager to pick another channel in /qms settings. NC-1 itself is saved.")


def dms(fake, user: str) -> list[str]:
    return [m["text"] for m in fake.messages[f"D{user}"]]


def test_a_card_to_a_channel_slack_cannot_find_tells_the_reporter_once(tmp_path, db_url, nc_flow, fake_slack):
    fake_slack.fail("chat.postMessage", error="channel_not_found")
    record_id = nc_flow.report(user="U_ALICE")  # the reporter saw the modal close: their report is saved
    assert record_id == "NC-1"
    assert dms(fake_slack, "U_ALICE") == [GONE]

    shown = trellis("outbox", cwd=tmp_path, DATABASE_URL=db_url)
    assert shown.returncode == 0, shown.stderr
    failed = shown.stdout.splitlines()[1:]
    assert failed[0].startswith("failed: 1") and failed[0].endswith("last error: channel_not_found")
    assert "NC-1 chat.postMessage (posts NC-1's card) attempts 1  channel_not_found" in failed[1]

    # Retried by an operator before the channel was fixed: it fails again, and nobody is told twice.
    assert trellis("outbox", "retry", cwd=tmp_path, DATABASE_URL=db_url).returncode == 0
    fake_slack.fail("chat.postMessage", error="channel_not_found")
    nc_flow.slack.flush()
    assert dms(fake_slack, "U_ALICE") == [GONE]


def test_an_approval_card_that_cannot_be_posted_tells_the_requester(make, fake_slack):
    fake_slack.fail("chat.postMessage", error="is_archived")
    record_id = make.approval(requester="U_CAROL", approvers=("U_MANAGER",))
    [told] = dms(fake_slack, "U_CAROL")
    assert told.startswith(f"Trellis could not post {record_id}'s card to <#{QUALITY_CHANNEL}>: "
                           "the channel is archived")
    assert dms(fake_slack, "U_MANAGER")  # the approver's own copy still went out


def test_every_permanent_error_gets_words_not_a_code_only():
    card = Copy("nc", "NC-12")
    joined = not_posted_text(card, "C1", "not_in_channel (joining failed: method_not_supported_for_channel_type)")
    assert "the channel was not found or Trellis is not in it" in joined
    assert "Slack refused it (invalid_blocks)" in not_posted_text(card, "C1", "invalid_blocks")
    assert "to a direct message" in not_posted_text(card, "U_ALICE", "user_not_found")
