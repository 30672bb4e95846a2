"""The NC's audit trail: one event per change, written in the change's own transaction, in a chain that verifies."""
from collections import Counter

import pytest
from sqlalchemy import func, select

from bot.qms import audit
from models import AuditEvent, Comment, Nonconformance, OutboxMessage
from tests.support.fixtures import QUALITY_CHANNEL


def count(session_factory, model) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(model))


def reply(card, ts: str, text: str) -> dict:
    return {"type": "message", "channel": QUALITY_CHANNEL, "user": "U_CAROL", "text": text, "ts": ts,
            "thread_ts": card.ts, "channel_type": "channel"}


def test_a_full_lifecycle_writes_one_event_per_change_and_the_chain_verifies(nc_flow, session_factory):
    record_id = nc_flow.report()
    card = nc_flow.saved(record_id)
    nc_flow.move_to(record_id, "verification")
    nc_flow.slack.event(reply(card, "1800000000.000100", "Is rev A gone too?"), event_id="Ev1")
    nc_flow.slack.event(reply(card, "1800000000.000100", "Is rev A gone too?"), event_id="Ev1", retry_num=1)
    for step in ("not_effective", "done", "verify"):
        assert nc_flow.take(record_id, step).content in (b"", b"{}")
    nc_flow.slack.event({"type": "message", "subtype": "message_changed", "channel": QUALITY_CHANNEL,
                         "ts": "1800000001.000000", "message": {**reply(card, "1800000000.000100", "Rev A?"),
                                                                "edited": {"user": "U_CAROL"}}}, event_id="Ev2")
    nc_flow.slack.event({"type": "message", "subtype": "message_deleted", "channel": QUALITY_CHANNEL,
                         "ts": "1800000002.000000", "deleted_ts": "1800000000.000100"}, event_id="Ev3")
    nc_flow.report(title="Second one")  # another record in the same chain

    assert Counter(nc_flow.audit_actions(record_id)) == {
        "nc.created": 1, "nc.investigated": 1, "nc.action_planned": 1, "nc.marked_done": 2,
        "nc.not_effective": 1, "nc.closed": 1, "comment.added": 1, "comment.edited": 1, "comment.deleted": 1}
    with session_factory() as session:
        verdict = audit.verify(session, team_id="T111")
        assert verdict.ok, verdict
        assert verdict.checked == session.scalar(select(func.count()).select_from(AuditEvent)) == 11
        for event in session.scalars(select(AuditEvent).where(AuditEvent.action.like("nc.%"))):
            assert event.actor and event.at is not None and event.after  # who, when, what


@pytest.mark.parametrize("action", ["nc.created", "nc.investigated"])
def test_a_change_whose_audit_event_fails_is_not_stored_at_all(nc_flow, session_factory, monkeypatch, action):
    """The event and the change commit together: no record change, no Slack message without its event."""
    if action == "nc.investigated":
        record_id = nc_flow.report()
    real = audit.record

    def failing(session, **event):
        if event["action"] == action:
            raise RuntimeError("disk full")
        return real(session, **event)

    monkeypatch.setattr(audit, "record", failing)
    before = (count(session_factory, Nonconformance), count(session_factory, OutboxMessage),
              count(session_factory, AuditEvent))
    if action == "nc.created":
        response = nc_flow.submit_report(nc_flow.open_report())
    else:
        response = nc_flow.take(record_id, "investigate")
    assert response.json()["response_action"] == "push"  # the apology, with an error id
    assert (count(session_factory, Nonconformance), count(session_factory, OutboxMessage),
            count(session_factory, AuditEvent)) == before
    if action == "nc.investigated":
        assert nc_flow.stored(record_id).status == "open" and nc_flow.stored(record_id).owner is None
    assert nc_flow.slack.flush() == 0 and count(session_factory, Comment) == 0
