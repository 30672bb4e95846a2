"""Who may take which NC step: refused on the click and again on the submit, with the reason, changing nothing."""
import pytest

from bot.qms.nc.lifecycle import STEPS
from tests.support.fixtures import MANAGER
from tests.support.nc import STEP_ANSWERS, refusals

ALLOWED = [  # step, status it starts from, who; NC-1 is reported by Alice, Bob owns it from investigate on
    ("investigate", "open", "U_ALICE"),          # the reporter
    ("investigate", "open", MANAGER),
    ("investigate", "open", "U_ADMIN"),          # a workspace admin counts as a manager
    ("plan", "investigating", "U_ALICE"),        # the reporter
    ("plan", "investigating", "U_BOB"),          # the owner
    ("plan", "investigating", MANAGER),
    ("done", "action", "U_BOB"),                 # the owner
    ("done", "action", MANAGER),
    ("verify", "verification", MANAGER),         # a manager who is not the owner
    ("not_effective", "verification", "U_ADMIN"),
    ("reject", "open", MANAGER),
]
REFUSED = [pytest.param(*case, id=name) for *case, name in [  # status, step, who, what the refusal says
    ("open", "investigate", "U_CAROL", "Only the reporter, the owner or a manager", "stranger investigates"),
    ("investigating", "plan", "U_CAROL", "Only the reporter, the owner or a manager", "stranger plans"),
    ("action", "done", "U_CAROL", "Only the owner", "stranger marks done"),
    ("action", "done", "U_ALICE", "Only the owner", "reporter marks done"),
    ("verification", "verify", "U_BOB", "cannot check your own work", "owner verifies own work"),
    ("verification", "not_effective", "U_BOB", "cannot check your own work", "owner judges own work"),
    ("verification", "verify", "U_ALICE", "Only a manager who is not the owner", "non-manager verifies"),
    ("open", "reject", "U_ALICE", "Only managers", "reporter rejects"),
    ("open", "reject", "U_CAROL", "Only managers", "stranger rejects"),
    ("closed", "verify", MANAGER, "is closed", "closed record clicked"),
    ("closed", "investigate", "U_ALICE", "is closed", "closed record, old button"),
    ("rejected", "investigate", "U_ALICE", "was rejected", "rejected record"),
    ("action", "investigate", "U_ALICE", "moved on", "earlier step's button"),
]]
# The same refusals on submit: a modal opened by someone who may, submitted by someone who may not
# (a forged or replayed form); it answers under the modal's first field.
SUBMIT_REFUSED = [case for case in REFUSED if STEPS[case.values[1]].source == case.values[0]]
OPENER = {"investigate": "U_ALICE", "plan": "U_BOB", "done": "U_BOB", "verify": MANAGER,
          "not_effective": MANAGER, "reject": MANAGER}


def state(nc_flow, record_id):
    return nc_flow.stored(record_id).status, nc_flow.audit_actions(record_id)


@pytest.mark.parametrize("step, status, user", ALLOWED, ids=[f"{u} {s}" for s, _, u in ALLOWED])
def test_who_may_take_each_step(make, nc_flow, step, status, user):
    record_id = make.nc(status)
    assert nc_flow.take(record_id, step, user=user).content in (b"", b"{}")
    assert nc_flow.stored(record_id).status == STEPS[step].target
    assert nc_flow.audit_actions(record_id)[-1] == STEPS[step].action


@pytest.mark.parametrize("status, step, user, words", REFUSED)
def test_a_refused_click_is_ephemeral_says_why_and_changes_nothing(make, nc_flow, status, step, user, words):
    record_id = make.nc(status)
    opened, before = len(nc_flow.fake.ok_calls("views.open")), state(nc_flow, record_id)
    assert nc_flow.click(record_id, step, user=user).status_code == 200
    [refusal] = [r for r in nc_flow.slack.responses() if r.get("response_type") == "ephemeral"]
    assert words in refusal["text"] and refusal["replace_original"] is False
    assert len(nc_flow.fake.ok_calls("views.open")) == opened  # no modal
    assert state(nc_flow, record_id) == before
    assert nc_flow.slack.flush() == 0


@pytest.mark.parametrize("status, step, user, words", SUBMIT_REFUSED)
def test_a_refused_submit_answers_in_the_modal_and_changes_nothing(make, nc_flow, status, step, user, words):
    record_id = make.nc(status)
    nc_flow.click(record_id, step, user=OPENER[step])
    before = state(nc_flow, record_id)
    body = nc_flow.slack.submit(nc_flow.slack.last_view(), user=user, **STEP_ANSWERS[step]).json()
    assert body["response_action"] == "errors" and words in body["errors"][STEPS[step].fields[0]]
    assert state(nc_flow, record_id) == before
    assert nc_flow.slack.flush() == 0


@pytest.mark.parametrize("status, step, first, words", [
    ("verification", "verify", "verify", "is closed"),
    ("open", "investigate", "reject", "was rejected"),
    ("action", "done", "done", "moved on"),
], ids=["closed meanwhile", "rejected meanwhile", "moved on meanwhile"])
def test_a_modal_submitted_after_the_record_moved_is_refused(make, nc_flow, status, step, first, words):
    """Someone else finished the record while this modal was open."""
    record_id = make.nc(status)
    nc_flow.click(record_id, step, user=OPENER[step])
    late_view = nc_flow.slack.last_view()
    assert nc_flow.take(record_id, first, user="U_ADMIN").content in (b"", b"{}")
    nc_flow.slack.flush()
    before = state(nc_flow, record_id)
    body = nc_flow.slack.submit(late_view, user=OPENER[step], **STEP_ANSWERS[step]).json()
    assert words in body["errors"][STEPS[step].fields[0]]
    assert state(nc_flow, record_id) == before
    assert nc_flow.slack.flush() == 0


def test_the_owner_who_is_a_manager_still_cannot_verify_but_another_manager_can(nc_flow):
    record_id = nc_flow.report()
    nc_flow.take(record_id, "investigate", owner=MANAGER)
    nc_flow.take(record_id, "plan", user=MANAGER)
    nc_flow.take(record_id, "done", user=MANAGER)
    nc_flow.click(record_id, "verify", user=MANAGER)
    assert "own work" in refusals(nc_flow.slack)[-1]
    assert nc_flow.take(record_id, "verify", user="U_ADMIN").content in (b"", b"{}")  # a workspace admin
    assert nc_flow.stored(record_id).status == "closed"
