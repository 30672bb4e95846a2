"""Every change of an approval request is exactly one audit event, and the chain verifies afterwards."""
from sqlalchemy import func, select

from bot.qms import audit
from models import AuditEvent


class Trail:
    """Runs steps and checks what each added to the audit trail."""

    def __init__(self, flow):
        self.flow = flow

    def events(self) -> list[AuditEvent]:
        with self.flow.session_factory() as session:
            return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))

    def step(self, action, *expected: str):
        """Run `action`; it must add exactly the audit events `expected` (none for a refusal)."""
        before = len(self.events())
        result = action()
        added = self.events()[before:]
        assert [event.action for event in added] == list(expected)
        return result


def test_each_change_is_one_audit_event_and_the_chain_verifies_after_a_full_flow(flow):
    trail = Trail(flow)
    ask = flow.ask_and_deliver
    first = trail.step(lambda: ask(approvers=["U_MANAGER", "U_ADMIN"]), "approval.requested")
    trail.step(lambda: flow.click("approve", first, user="U_MANAGER", dm="U_MANAGER"), "approval.approved")
    trail.step(lambda: flow.click("approve", first, user="U_ADMIN", dm="U_ADMIN"))  # refused

    both = trail.step(lambda: ask(approvers=["U_MANAGER", "U_ADMIN"], policy="all"), "approval.requested")
    trail.step(lambda: flow.click("approve", both, user="U_MANAGER"), "approval.approver_approved")
    trail.step(lambda: flow.click("approve", both, user="U_ADMIN"), "approval.approved")

    rejected = trail.step(ask, "approval.requested")
    trail.step(lambda: flow.click("reject", rejected, user="U_MANAGER"))  # only opens the reason modal
    trail.step(lambda: flow.slack.submit(flow.slack.last_view(), user="U_MANAGER", reason=None))  # reason required
    trail.step(lambda: flow.slack.submit(flow.slack.last_view(), user="U_MANAGER", reason="Wrong logo"),
               "approval.rejected")

    cancelled = trail.step(ask, "approval.requested")
    trail.step(lambda: flow.click("cancel", cancelled, user="U_ALICE"), "approval.cancelled")
    trail.step(lambda: flow.click("cancel", cancelled, user="U_ALICE"))  # refused: already withdrawn

    card = flow.saved(first)
    trail.step(lambda: flow.slack.event({"type": "message", "channel": card.channel, "user": "U_BOB", "text": "ok",
                                         "ts": "1800000000.000100", "thread_ts": card.ts}), "comment.added")
    flow.slack.flush()

    events = trail.events()
    with flow.session_factory() as session:
        verdict = audit.verify(session, team_id="T111")
        assert verdict.ok and verdict.checked == len(events) == 10, verdict
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 10

    # The event and the change it records were written together, at the same moment, by the same person.
    for record_id, user in ((first, "U_MANAGER"), (both, "U_ADMIN"), (rejected, "U_MANAGER"), (cancelled, "U_ALICE")):
        request, approvers = flow.stored(record_id)
        last = [e for e in events if e.record_id == record_id and e.action.startswith("approval.")][-1]
        assert (last.actor, last.at, last.after["status"]) == (user, request.closed_at, request.status)
        assert last.at.utcoffset().total_seconds() == 0
        assert all(a.decided_at == request.closed_at for a in approvers if a.user_id == user)
    assert [e.after["comment"] for e in events if e.action == "approval.rejected"] == ["Wrong logo"]
