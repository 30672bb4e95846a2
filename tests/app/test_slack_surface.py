"""The foundation's Slack surface, driven with signed requests against the fake Slack."""
import json
import time

from sqlalchemy import func, select

from bot.blocks.ids import SETTINGS as CALLBACK_ID
from bot.sandbox.slack import requests as sr
from models import AuditEvent, Workspace
from tests.support.fixtures import MANAGER, QUALITY_CHANNEL
from tests.support.queries import audit_count, open_settings


def test_help_is_answered_privately_in_the_ack(slack):
    response = slack.command("help")
    assert response.status_code == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert "/qms nc" in json.dumps(body["blocks"]) and "/qms settings" in json.dumps(body["blocks"])


def test_unknown_subcommand_answers_with_help_and_escapes_it(slack):
    body = slack.command("<!channel>frobnicate now").json()
    assert body["response_type"] == "ephemeral"
    text = json.dumps(body["blocks"])
    assert "frobnicate" in text and "<!channel>" not in text and "&lt;!channel&gt;" in text


def row_counts(session_factory) -> dict[str, int]:
    from sqlmodel import SQLModel

    with session_factory() as session:
        return {name: session.scalar(select(func.count()).select_from(table))
                for name, table in SQLModel.metadata.tables.items()}


def test_bad_missing_or_stale_signatures_are_refused_and_change_nothing(slack, session_factory):
    """A command, a settings submission, a click and an event that would each write or call Slack."""
    view = open_settings(slack)
    slack.fake.clear_calls()
    answers = sr.input_values(view, timezone="UTC", digest_schedule="mon 09:00", stale_days="7", processes="Sales")
    bodies = [
        (sr.slash_command_body(text="settings", user_id=MANAGER, trigger_id=slack.fake.new_trigger_id(),
                               response_url=slack.fake.new_response_url()), "application/x-www-form-urlencoded"),
        (sr.interactive_body(sr.view_submission_payload(view=view, values=answers, user_id=MANAGER)),
         "application/x-www-form-urlencoded"),
        (sr.interactive_body(sr.block_actions_payload(
            action_id="nc_step_investigate", value="NC-1", user_id=MANAGER, channel_id=QUALITY_CHANNEL,
            message_ts="1700000000.000100", trigger_id=slack.fake.new_trigger_id(),
            response_url=slack.fake.new_response_url())), "application/x-www-form-urlencoded"),
        (json.dumps(sr.event_body({"type": "app_home_opened", "user": MANAGER, "tab": "home"})), "application/json"),
    ]
    for body, content_type in bodies:
        forged = {**sr.signed_headers(body, "not-the-secret"), "Content-Type": content_type}
        assert slack.http.post("/slack/events", content=body, headers=forged).status_code == 401
        assert slack.post(body, content_type, sign=False).status_code == 401
        assert slack.post(body, content_type, timestamp=int(time.time()) - 5 * 60 - 30).status_code == 401
    assert slack.fake.calls == []
    assert set(row_counts(session_factory).values()) == {0}


def test_url_verification_and_ssl_check(slack):
    response = slack.post(json.dumps(sr.url_verification_body("chal-123")), "application/json")
    assert response.status_code == 200 and response.json() == {"challenge": "chal-123"}
    assert slack.post("ssl_check=1&token=x").status_code == 200


def test_a_manager_edits_settings_with_one_audit_event(slack, session_factory):
    view = open_settings(slack)
    assert view["callback_id"] == CALLBACK_ID
    slack.fake.add_channel("C_NEWQ", name="quality-new", is_member=False)  # public: Trellis joins it on save
    response = slack.submit(view, user=MANAGER, quality_channel="C_NEWQ", managers=[MANAGER, "U_BOB"],
                            timezone="Europe/London", digest_schedule="Friday 16:00", stale_days="7",
                            processes="Sales\nDelivery\nHosting", allow_any_approver=["yes"])
    assert response.status_code == 200 and response.content in (b"", b"{}")
    with session_factory() as session:
        workspace = session.get(Workspace, "T111")
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "settings.updated")))
    assert workspace.quality_channel == "C_NEWQ" and workspace.managers == [MANAGER, "U_BOB"]
    assert (workspace.timezone, workspace.digest_schedule, workspace.stale_days) == ("Europe/London", "fri 16:00", 7)
    assert workspace.processes == ["Sales", "Delivery", "Hosting"] and workspace.allow_any_approver
    assert len(events) == 1 and events[0].actor == MANAGER and events[0].after["stale_days"] == 7
    assert audit_count(session_factory) == 1  # creating the workspace's row is part of that one event
    # The modal shows what is stored next time.
    reopened = open_settings(slack, "U_BOB")
    assert "Hosting" in json.dumps(reopened["blocks"])


def test_a_workspace_admin_who_is_not_a_manager_may_edit_settings(slack, session_factory):
    view = open_settings(slack, "U_ADMIN")
    response = slack.submit(view, user="U_ADMIN", timezone="Europe/Paris", digest_schedule="mon 09:00",
                            stale_days="14", processes="Sales")
    assert response.status_code == 200 and response.content in (b"", b"{}")
    with session_factory() as session:
        assert session.get(Workspace, "T111").timezone == "Europe/Paris"
    assert audit_count(session_factory) == 1


def test_settings_are_refused_privately_for_anyone_else(slack, session_factory):
    response = slack.command("settings", user="U_ALICE")
    assert response.status_code == 200
    assert not slack.fake.calls_to("views.open")
    [answer] = slack.responses()
    assert answer["response_type"] == "ephemeral" and "Only Trellis managers" in answer["text"]
    assert audit_count(session_factory) == 0


def test_a_forged_settings_submission_by_a_non_manager_changes_nothing(slack, session_factory):
    view = open_settings(slack)
    response = slack.submit(view, user="U_ALICE", timezone="UTC", digest_schedule="mon 09:00",
                            stale_days="14", processes="Sales")
    assert response.json()["response_action"] == "errors"
    with session_factory() as session:
        assert session.get(Workspace, "T111") is None


def test_invalid_settings_answer_under_the_fields_and_store_nothing(slack, session_factory):
    view = open_settings(slack)
    response = slack.submit(view, user=MANAGER, timezone="Mars/Base", digest_schedule="someday",
                            stale_days="0", processes=" ")
    body = response.json()
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"timezone", "digest_schedule", "stale_days", "processes"}
    assert audit_count(session_factory) == 0


def test_home_tab_is_published_on_open(slack):
    response = slack.event({"type": "app_home_opened", "user": "U_ALICE", "channel": "D1", "tab": "home"})
    assert response.status_code == 200
    [call] = slack.fake.ok_calls("views.publish")
    assert call.args["user_id"] == "U_ALICE" and call.args["view"]["type"] == "home"
    shown = json.dumps(call.args["view"]["blocks"])
    assert "Hi <@U_ALICE>" in shown and "/qms nc" in shown  # the welcome, before any records exist
    slack.event({"type": "app_home_opened", "user": "U_ALICE", "channel": "D1", "tab": "messages"})
    assert len(slack.fake.calls_to("views.publish")) == 1  # the Messages tab is not ours to draw


def test_a_slack_api_failure_gives_a_private_apology_and_the_app_keeps_serving(slack, caplog):
    slack.fake.fail("views.open", error="internal_error")
    response = slack.command("settings", user=MANAGER)
    assert response.status_code == 200
    assert "error id" in response.json()["text"] and response.json()["response_type"] == "ephemeral"
    assert "views.open" in caplog.text and "internal_error" in caplog.text
    assert slack.command("help").status_code == 200
