"""Each rewrite of the audit trail the database cannot refuse is found by verify: a wrong or missing
key, a rewritten chain a witnessed head contradicts, a workspace emptied out, a record edited in its table."""
import pytest
from slack_sdk import WebClient
from sqlalchemy import text

from bot.db import make_session_factory
from bot.messages.audit import post_head
from bot.qms import audit
from bot.witnesses import read_witnessed
from models.types import utcnow
from tests.support.audit import rechain, tamper, write

KEY, OTHER_KEY = b"k" * 32, b"x" * 32
TEAM = "T111"


def keyed(engine, key=KEY):
    return make_session_factory(engine, audit_key=key)


def verdict_of(sessions, team=TEAM, witnessed=()):
    with sessions.reads() as session:
        return audit.verify(session, team_id=team, witnessed=witnessed)


def test_a_keyed_chain_verifies_only_with_its_key(engine):
    write(keyed(engine), 3)
    good = verdict_of(keyed(engine), "T1")
    assert good.ok and good.keyed and good.keyed_from == 1 and good.head_seq == 3
    wrong = verdict_of(keyed(engine, OTHER_KEY), "T1")
    assert (wrong.ok, wrong.broken_seq) == (False, 1) and "not the key it was written with" in wrong.reason
    missing = verdict_of(make_session_factory(engine), "T1")
    assert not missing.ok and "TRELLIS_AUDIT_KEY, which is not set here" in missing.reason


def test_an_edit_with_the_chain_recomputed_without_the_key_is_found(engine):
    sessions = keyed(engine)
    write(sessions, 4)
    tamper(engine, "UPDATE audit_event SET actor = 'U_EVIL' WHERE seq = 2")
    rechain(engine, sessions, "T1", key=OTHER_KEY)  # a guessed key
    verdict = verdict_of(sessions, "T1")
    assert (verdict.ok, verdict.broken_seq) == (False, 1)
    rechain(engine, sessions, "T1", key=None)  # or passed off as a chain written before the key
    assert verdict_of(sessions, "T1").keyed is False  # says so: "unkeyed" in verify's line


def test_a_key_added_later_verifies_and_dropping_it_again_is_found(engine, session_factory):
    write(session_factory, 2)
    write(keyed(engine), 2)
    mixed = verdict_of(keyed(engine), "T1")
    assert mixed.ok and mixed.keyed and mixed.keyed_from == 3 and mixed.checked == 4
    write(session_factory, 1)
    dropped = verdict_of(keyed(engine), "T1")
    assert (dropped.ok, dropped.broken_seq) == (False, 5) and "without the key after event 3" in dropped.reason


def witness(sessions, slack, team=TEAM):
    """`trellis audit witness` in process: record, queue the post, deliver it."""
    with sessions.begin() as session:
        payload = audit.witness(session, team_id=team, channel="C_QUALITY", actor=None, now=utcnow())
        post_head(session, team_id=team, channel="C_QUALITY", payload=payload, now=utcnow())
    slack.flush()
    return payload


def from_slack(fake_slack, team=TEAM):
    client = WebClient(token=fake_slack.bot_token, base_url=fake_slack.base_url)
    found, notes = read_witnessed(client, team_id=team, channels=["C_QUALITY"])
    assert notes == []
    return found


def test_a_witnessed_head_rewritten_even_with_the_key_is_found(engine, session_factory, make, slack, fake_slack):
    record_id = make.nc("investigating")
    payload = witness(session_factory, slack)
    assert fake_slack.messages["C_QUALITY"][-1]["metadata"]["event_payload"]["trellis_audit_seq"] == payload[
        "trellis_audit_seq"]
    make.nc("open")
    witnessed = from_slack(fake_slack)
    intact = verdict_of(session_factory, witnessed=witnessed)
    assert intact.ok and intact.witnessed == 1 and intact.replayed == 2, intact
    # Rewrite the investigation's answer in the event and in the row, then recompute every link.
    tamper(engine, "UPDATE audit_event SET after = '{\"status\": \"investigating\", \"owner\": \"U_BOB\", "
                   "\"correction\": \"nothing\"}' WHERE action = 'nc.investigated'",
           f"UPDATE nonconformance SET correction = 'nothing' WHERE record_id = '{record_id}'")
    rechain(engine, session_factory, TEAM)
    assert verdict_of(session_factory).ok  # without Slack's copy, it would pass
    broken = verdict_of(session_factory, witnessed=witnessed)
    assert (broken.ok, broken.broken_seq) == (False, payload["trellis_audit_seq"])
    assert "witnessed in Slack (C_QUALITY at" in broken.reason and "no longer on the chain" in broken.reason


def test_the_last_events_cut_and_the_head_fixed_is_found_by_the_witness(engine, session_factory, make, slack,
                                                                        fake_slack):
    make.nc("open")
    head = witness(session_factory, slack)["trellis_audit_seq"]
    rechain(engine, session_factory, TEAM, upto=head - 1)  # the witness event itself removed
    broken = verdict_of(session_factory, witnessed=from_slack(fake_slack))
    assert not broken.ok and f"the trail ends at event {head - 1} but Slack witnessed event {head}" in broken.reason


@pytest.mark.parametrize("statement, words", [
    ("UPDATE nonconformance SET status = 'closed'", "stored status 'closed' but its trail says 'investigating'"),
    ("UPDATE nonconformance SET done_by = 'U_BOB'", "stored done_by 'U_BOB' but its trail says None"),
    ("UPDATE nonconformance SET root_cause = '[\"nobody\"]'", "stored root_cause"),
    ("DELETE FROM nonconformance", "is in the trail but its stored record is gone"),
    ("UPDATE approval_approver SET decision = 'approved'", "stored approvers"),
    ("UPDATE approval_request SET status = 'approved'", "stored status 'approved' but its trail says 'pending'"),
    ("UPDATE approval_request SET reason = 'fine'", "stored reason 'fine'"),
])
def test_a_record_edited_in_its_table_is_named(session_factory, make, statement, words):
    nc_id, approval_id = make.nc("investigating"), make.approval()
    assert verdict_of(session_factory).ok
    with session_factory.begin() as session:
        session.execute(text(statement))
    verdict = verdict_of(session_factory)
    assert not verdict.ok and words in verdict.reason, verdict
    assert verdict.broken_record == (approval_id if "approv" in statement else nc_id)


def test_a_workspace_whose_trail_was_emptied_is_still_checked(engine, session_factory, make):
    make.nc("open")
    write(session_factory, 2, team="T2")
    tamper(engine, f"DELETE FROM audit_event WHERE team_id = '{TEAM}'",
           f"DELETE FROM audit_head WHERE team_id = '{TEAM}'")
    with session_factory.reads() as session:
        assert audit.team_ids(session) == ["T111", "T2"]
    verdict = verdict_of(session_factory)
    assert not verdict.ok and verdict.reason == "is stored but the trail holds no event for it"
    assert verdict.broken_record == "NC-1"


def test_events_left_without_their_head_are_found(engine, session_factory):
    write(session_factory, 2)
    tamper(engine, "DELETE FROM audit_head")
    with session_factory.reads() as session:
        assert audit.team_ids(session) == ["T1"]
    assert "its head is gone" in verdict_of(session_factory, "T1").reason


def test_settings_edited_in_the_table_are_found(session_factory):
    from bot.qms.workspaces import update_settings

    with session_factory.begin() as session:
        update_settings(session, team_id=TEAM, actor="U_MANAGER", changes={"stale_days": 7}, now=utcnow())
    assert verdict_of(session_factory).ok
    with session_factory.begin() as session:
        session.execute(text("UPDATE workspace SET managers = '[\"U_EVIL\"]'"))
    verdict = verdict_of(session_factory)
    assert not verdict.ok and verdict.broken_record == TEAM and "stored managers ['U_EVIL']" in verdict.reason


def test_evidence_linked_after_commit_replays_and_an_edited_link_is_found(session_factory):
    from bot.qms.evidence import SourceMessage, link_source
    from bot.qms.nc import records
    from tests.support.nc import REPORT

    source = SourceMessage(channel="C_SALES", ts="1700000000.000100", author="U_BOB", text="the drawing is wrong",
                           private=False)
    with session_factory.begin() as session:
        record = records.report(session, team_id=TEAM, reporter="U_ALICE", values=REPORT, now=utcnow(),
                                evidence=source)
    with session_factory.begin() as session:  # the outbox's chat.getPermalink answer, after commit
        link_source(session, record=records.get(session, team_id=TEAM, record_id=record.record_id), record_type="nc",
                    permalink="https://acme.slack.com/archives/C_SALES/p1700000000000100", now=utcnow())
    assert verdict_of(session_factory).ok
    with session_factory.begin() as session:
        session.execute(text("UPDATE nonconformance SET source_permalink = 'https://evil.example/'"))
    verdict = verdict_of(session_factory)
    assert not verdict.ok and "stored source_permalink 'https://evil.example/'" in verdict.reason
    assert "(its newest event is 2)" in verdict.reason


def test_the_last_event_cut_and_the_head_fixed_is_found_by_the_replay(engine, session_factory, make):
    record_id = make.nc("closed")
    with session_factory.reads() as session:
        last = audit.verify(session, team_id=TEAM).head_seq
    rechain(engine, session_factory, TEAM, upto=last - 1)  # "nc.closed" gone, the head moved back
    verdict = verdict_of(session_factory)
    assert not verdict.ok and verdict.broken_record == record_id
    assert verdict.reason.startswith("stored status 'closed' but its trail says 'verification'")
