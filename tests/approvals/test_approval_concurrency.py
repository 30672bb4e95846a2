"""Concurrent decisions: clicks that really overlap in the database still record one decision each."""
import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from bot.qms.approvals import lifecycle
from bot.qms.refusals import Refused
from models.types import utcnow


@contextmanager
def decisions_meet(engine, parties: int = 2):
    """Hold each of the next `parties` decision transactions until all of them are under way.

    PostgreSQL: they meet at the compare-and-set UPDATE, so every transaction is open and
    has read the request as pending before any of them writes (they then queue on the row
    lock). SQLite, one writer at a time: they meet as they take a connection, then queue for
    the write lock.
    Yields the list of arrivals, to assert that they did meet.
    """
    barrier, arrivals, lock = threading.Barrier(parties, timeout=10), [], threading.Lock()

    def meet() -> None:
        with lock:
            if len(arrivals) == parties:  # later statements of the same transactions pass freely
                return
            arrivals.append(threading.get_ident())
        barrier.wait()

    def at_update(_conn, _cursor, statement, *_args):
        if statement.lstrip().lower().startswith("update approval_request"):
            meet()

    def at_checkout(*_args):  # a connection taken for a transaction, before it queues for BEGIN IMMEDIATE
        meet()

    name, listener = (("before_cursor_execute", at_update) if engine.dialect.name == "postgresql"
                      else ("checkout", at_checkout))
    event.listen(engine, name, listener)
    try:
        yield arrivals
    finally:
        event.remove(engine, name, listener)


def click_together(flow, engine, record_id: str, users: list[str]) -> list:
    """Each user clicks Approve on their DM copy at the same moment."""
    where = {user: flow.saved(record_id, dm=user) for user in users}  # read before they race

    def click(user):
        flow.slack.click("approval_approve", record_id, user=user, channel=where[user].channel,
                         message_ts=where[user].ts)

    with decisions_meet(engine, len(users)) as arrivals:
        threads = [threading.Thread(target=click, args=(user,)) for user in users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
    return arrivals


def test_two_approvers_clicking_at_once_under_any_record_one_decision(flow, engine):
    for _ in range(3):
        record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"])
        flow.fake.clear_calls()
        arrivals = click_together(flow, engine, record_id, ["U_MANAGER", "U_ADMIN"])
        assert len(set(arrivals)) == 2, "both clicks must be in the database at once"
        request, approvers = flow.stored(record_id)
        decided = [a.user_id for a in approvers if a.decision != "pending"]
        assert request.status == "approved" and decided == [request.closed_by]
        assert flow.audit_actions(record_id) == ["approval.requested", "approval.approved"]
        refusal, = flow.refusals()
        assert f"{record_id} is already decided: :white_check_mark: *Approved by <@{request.closed_by}>" in refusal
        # One decision's messages only: three copies updated, one thread line, one notice to the requester.
        assert flow.slack.flush() == 5 and len(flow.posts_to("U_ALICE")) == 1


def test_two_approvers_clicking_at_once_under_all_both_count(flow, engine):
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"], policy="all")
    arrivals = click_together(flow, engine, record_id, ["U_MANAGER", "U_ADMIN"])
    assert len(set(arrivals)) == 2
    request, approvers = flow.stored(record_id)
    assert request.status == "approved" and [a.decision for a in approvers] == ["approved", "approved"]
    assert flow.audit_actions(record_id) == ["approval.requested", "approval.approver_approved",
                                             "approval.approved"]
    assert flow.refusals() == []


@pytest.mark.parametrize("second", ["approve", "reject"])
def test_a_decision_waiting_on_a_concurrent_one_sees_it_decided(flow, second):
    """Hold one decision's transaction open: the other waits for it, then is refused."""
    record_id = flow.ask_and_deliver(approvers=["U_MANAGER", "U_ADMIN"])
    outcome: dict = {}

    def other():
        try:
            with flow.session_factory.begin() as session:
                lifecycle.decide(session, team_id="T111", record_id=record_id, actor="U_ADMIN",
                                 approve=second == "approve", comment="no", now=utcnow())
            outcome["result"] = "recorded"
        except Refused as refused:
            outcome["result"] = refused.code

    with flow.session_factory.begin() as session:
        lifecycle.decide(session, team_id="T111", record_id=record_id, actor="U_MANAGER", approve=True,
                         comment=None, now=utcnow())
        racer = threading.Thread(target=other)
        racer.start()
        racer.join(0.5)
        assert racer.is_alive(), "the second decision must wait for the first to commit"
    racer.join(10)
    assert outcome["result"] == "no_longer_pending"
    request, approvers = flow.stored(record_id)
    assert request.status == "approved" and [a.decision for a in approvers] == ["approved", "pending"]
