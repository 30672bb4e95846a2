"""The global error handler, for every kind of request Slack sends: a Slack API error is logged
with its method and error (and an error id), the person who acted gets a private apology with
that id where Slack lets us answer, nothing is half-stored, and the app keeps serving."""
import json
import re

from bot.sandbox.slack.blockkit import view_errors
from models import SlackUser, Workspace
from tests.support.fixtures import MANAGER
from tests.support.nc import NcFlow
from tests.support.queries import audit_count, open_settings


def logged_error_id(caplog, method: str, error: str, shown: str) -> str:
    """The id the person was shown, which must be the one logged with the method and Slack's error."""
    error_id = re.search(r"error id: `(\w+)`", shown).group(1)
    assert f"error {error_id}: Slack API {method} failed: {error}" in caplog.text
    assert "Traceback" in caplog.text  # the stack is in the log, not in Slack
    return error_id


def test_a_button_click_that_meets_a_slack_error(slack, session_factory, caplog):
    flow = NcFlow(slack, session_factory)
    record_id = flow.report()
    slack.fake.fail("views.open", error="internal_error")
    assert flow.click(record_id, "investigate", user="U_ALICE").status_code == 200
    [apology] = slack.responses()
    assert apology["response_type"] == "ephemeral" and apology["replace_original"] is False
    logged_error_id(caplog, "views.open", "internal_error", apology["text"])
    assert flow.stored(record_id).status == "open"
    assert flow.click(record_id, "investigate", user="U_ALICE").status_code == 200  # still serving
    assert slack.fake.ok_calls("views.open")[-1].args["view"]["private_metadata"]


def test_a_view_submission_that_fails_inside_apologises_in_a_pushed_modal(slack, session_factory, caplog,
                                                                         monkeypatch):
    import bot.qms.workspaces

    view = open_settings(slack)
    real = bot.qms.workspaces.update_settings

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(bot.qms.workspaces, "update_settings", broken)
    answers = dict(timezone="Europe/Paris", digest_schedule="mon 09:00", stale_days="14", processes="Sales")
    body = slack.submit(view, user=MANAGER, **answers).json()
    assert body["response_action"] == "push" and view_errors(body["view"]) == []  # a modal only the submitter sees
    error_id = re.search(r"error id: `(\w+)`", json.dumps(body["view"]["blocks"])).group(1)
    assert f"error {error_id} in view_submission" in caplog.text and "Traceback" in caplog.text
    with session_factory() as session:
        assert session.get(Workspace, "T111") is None
    assert audit_count(session_factory) == 0
    monkeypatch.setattr(bot.qms.workspaces, "update_settings", real)
    assert slack.submit(view, user=MANAGER, view_hash="2.retry", **answers).content in (b"", b"{}")
    with session_factory() as session:
        assert session.get(Workspace, "T111").timezone == "Europe/Paris"


def test_an_admin_whose_role_slack_cannot_confirm_is_told_so_and_nothing_is_saved(slack, session_factory,
                                                                                  directory):
    view = open_settings(slack, "U_ADMIN")
    directory.drain()
    with session_factory.begin() as session:  # forget what Slack said, and make Slack fail the next lookup
        session.execute(SlackUser.__table__.delete())
    directory.forget_people()  # and this process's memory of them
    slack.fake.fail("users.info", error="fatal_error")
    answers = dict(timezone="Europe/Paris", digest_schedule="mon 09:00", stale_days="14", processes="Sales")
    body = slack.submit(view, user="U_ADMIN", **answers).json()
    assert body["response_action"] == "errors" and "could not check" in body["errors"]["managers"]
    assert audit_count(session_factory) == 0


def test_a_home_tab_that_meets_a_slack_error_is_logged_and_drawn_again_on_the_next_open(slack, caplog):
    """The Home tab is published after the ack, so Slack is not asked to retry: the failure is logged
    and the next open draws it."""
    slack.fake.fail("views.publish", error="internal_error")
    home = {"type": "app_home_opened", "user": MANAGER, "channel": "D1", "tab": "home"}
    assert slack.event(home).status_code == 200
    assert "could not be published" in caplog.text and "internal_error" in caplog.text
    assert slack.fake.ok_calls("views.publish") == []
    assert slack.event(home).status_code == 200
    assert slack.fake.ok_calls("views.publish")[0].args["user_id"] == MANAGER


def test_a_global_shortcut_that_meets_a_slack_error_apologises_by_dm(slack, caplog):
    """A global shortcut has no response_url: the apology goes to the person's DM with Trellis."""
    slack.fake.fail("views.open", error="internal_error")
    response = slack.global_shortcut("new_nonconformance", user="U_ALICE")
    assert response.status_code == 200
    [dm] = slack.fake.ok_calls("chat.postMessage")
    assert dm.args["channel"] == "U_ALICE" and "error id" in dm.args["text"]
    error_id = dm.args["text"].split("`")[-2]
    assert error_id in caplog.text and "views.open" in caplog.text and "internal_error" in caplog.text
