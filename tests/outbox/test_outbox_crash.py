"""A real `trellis serve` killed in the middle of posting a card, then started again (both databases)."""
from bot.outbox import copies
from bot.outbox.delivery import deliver_due
from tests.support.fixtures import SIGNING_SECRET
from tests.support.outbox import CHANNEL, TEAM, card, client_for, queue, row
from tests.support.process import finish, free_port, start

SOON = 10  # seconds: a restart resumes at once, well before the dead process's 30 s leases run out


def serve(tmp_path, db_url, fake):
    return start("serve", "--host", "127.0.0.1", "--port", str(free_port()), cwd=tmp_path,
                 SLACK_BOT_TOKEN=fake.bot_token, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake.base_url,
                 DATABASE_URL=db_url)


def stop(process, *, kill: bool = False) -> None:
    process.kill() if kill else process.terminate()
    finish(process)
    assert kill or process.returncode == 0, f"SIGTERM is a clean stop, not exit {process.returncode}"


def test_killed_mid_post_then_restarted_every_card_is_in_slack_once(tmp_path, db_url, session_factory, fake_slack):
    first = queue(session_factory, "NC-1 card", copy=card("NC-1"), use="save")
    update = queue(session_factory, "NC-1 card, investigating", method="chat.update", copy=card("NC-1"), use="ts")
    second = queue(session_factory, "NC-2 card", key="NC-2", copy=card("NC-2"), use="save")
    fake_slack.slow("chat.postMessage", 5, times=1)  # NC-1's card is posted, its answer is held back ...
    process = serve(tmp_path, db_url, fake_slack)
    try:
        fake_slack.wait_for("chat.postMessage", timeout=20)
    finally:
        stop(process, kill=True)  # ... and the process dies waiting for it (SIGKILL: no clean-up at all)
    assert row(session_factory, first).status == "pending" and row(session_factory, first).claimed_by
    assert row(session_factory, second).claimed_by  # the rest of its batch was leased too

    process = serve(tmp_path, db_url, fake_slack)
    try:
        fake_slack.wait_for("chat.postMessage", count=2, timeout=SOON)  # not when the 30 s leases run out
        fake_slack.wait_for("chat.update", timeout=SOON)
    finally:
        stop(process)
    assert sorted(m["text"] for m in fake_slack.messages[CHANNEL]) == ["NC-1 card, investigating", "NC-2 card"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 2  # NC-1's card was found in Slack, not posted again
    with session_factory() as session:
        saved = copies.find(session, team_id=TEAM, copy=card("NC-1"))
    assert fake_slack.ok_calls("chat.update")[0].args["ts"] == saved.ts
    assert {row(session_factory, i).status for i in (first, update, second)} == {"delivered"}


def test_answers_not_yet_written_when_it_died_are_not_sent_twice(tmp_path, db_url, session_factory, fake_slack):
    """Delivered rows are written together, so a kill can lose several answers: their posts are found in
    Slack (a thread line in its thread), and an update is simply sent again."""
    for n in (1, 2, 3):
        queue(session_factory, f"NC-{n} card", key=f"NC-{n}", copy=card(f"NC-{n}"), use="save")
    deliver_due(session_factory, client_for(fake_slack))
    lines = [queue(session_factory, f"NC-{n} line", key=f"NC-{n}", copy=card(f"NC-{n}"), use="thread_ts")
             for n in (1, 2)]
    update = queue(session_factory, "NC-3 card v2", key="NC-3", method="chat.update", copy=card("NC-3"), use="ts")
    fake_slack.slow("chat.update", 5, times=1)  # both lines were answered; the process dies in the update
    process = serve(tmp_path, db_url, fake_slack)
    try:
        fake_slack.wait_for("chat.update", timeout=20)
    finally:
        stop(process, kill=True)
    process = serve(tmp_path, db_url, fake_slack)
    try:
        fake_slack.wait_for("chat.update", count=2, timeout=SOON)
    finally:
        stop(process)
    replies = [m for m in fake_slack.messages[CHANNEL] if m.get("thread_ts", m["ts"]) != m["ts"]]
    assert sorted(m["text"] for m in replies) == ["NC-1 line", "NC-2 line"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 5  # three cards, two lines: none twice
    assert {row(session_factory, i).status for i in (*lines, update)} == {"delivered"}


def test_stopped_mid_post_it_finishes_the_call_and_writes_the_answer(tmp_path, db_url, session_factory, fake_slack):
    """SIGTERM while Slack holds a post's answer: the process waits for it, writes it, exits 0."""
    card_row = queue(session_factory, "NC-1 card", copy=card("NC-1"), use="save")
    fake_slack.slow("chat.postMessage", 2, times=1)
    process = serve(tmp_path, db_url, fake_slack)
    try:
        fake_slack.wait_for("chat.postMessage", timeout=20)
    finally:
        stop(process)
    assert row(session_factory, card_row).status == "delivered"
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
