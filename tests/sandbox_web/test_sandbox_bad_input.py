"""What Slack shows when a person or the app gets something wrong — and the sandbox keeps running."""
from __future__ import annotations

import threading

import httpx

from bot.sandbox.slack.clients import TROUBLE


def api(site, route, **body):
    return httpx.post(f"{site.url}api/{route}", json=body, timeout=20)


def state(site, user="U_ALICE", conv="C_GENERAL"):
    return httpx.get(f"{site.url}api/state", params={"user": user, "conv": conv}, timeout=20).json()


def open_report(site, user="U_ALICE"):
    assert api(site, "message", user=user, channel="C_GENERAL", text="/qms nc").json() == {}
    return state(site, user)["modal"]


def test_unknown_commands_and_commands_in_threads(site):
    assert api(site, "message", user="U_ALICE", channel="C_GENERAL", text="/foo bar").json()["notice"].startswith(
        "/foo is not a valid command.")
    assert "not a valid command" in api(site, "message", user="U_CHRIS", channel="C_ACME",
                                        text="/qms nc").json()["notice"]  # not their workspace's app
    assert "threads" in api(site, "message", user="U_ALICE", channel="C_GENERAL", text="/qms help",
                            thread_ts="1.2").json()["notice"]


def test_the_app_failing_shows_its_own_apology_and_a_late_ack_shows_slacks_error(site):
    fake = site.sandbox.fake
    fake.fail("views.open", error="internal_error")
    assert api(site, "message", user="U_ALICE", channel="C_GENERAL", text="/qms nc").json() == {}
    assert "Only visible to you" in state(site)["conversation"]["html"]
    assert "Sorry, something went wrong" in state(site)["conversation"]["html"]
    site.sandbox.inbound.ack_timeout = 0.2  # Slack's 3 s, shortened: the app answers after it
    fake.slow("views.open", 0.5, times=1)
    answer = api(site, "message", user="U_ALICE", channel="C_GENERAL", text="/qms nc").json()
    assert answer["notice"] == '/qms failed with the error "operation_timeout"'
    site.sandbox.inbound.ack_timeout = 3.0
    assert open_report(site)["title"] == "Nonconformance"  # still running


def test_a_modal_submitted_twice_at_once_makes_one_record(site):
    modal = open_report(site)
    values = {"title": "Broken jig", "severity": "major", "process": "Delivery", "source": "internal"}
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(
        api(site, "submit", user="U_ALICE", view_id=modal["id"], values=values).json())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    from sqlalchemy import func, select

    from models import Nonconformance
    with site.sandbox.runtime.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Nonconformance)) == 1
    assert state(site)["modal"] is None
    late = api(site, "submit", user="U_ALICE", view_id=modal["id"], values=values)
    assert (late.status_code, late.json()["error"]) == (409, "That form is no longer open.")


def test_a_closed_tab_leaves_no_modal_open(site):
    assert open_report(site) is not None
    assert api(site, "hello", user="U_ALICE").json() == {}  # the page opened again
    assert state(site)["modal"] is None
    assert httpx.get(f"{site.url}healthz").json()["ok"]


def test_an_app_that_does_not_answer_a_submission(site):
    modal = open_report(site)
    site.sandbox.fake.fail("chat.postMessage", status=500, times=1)  # unrelated: the outbox retries it
    site.sandbox.inbound.ack_timeout = 0.0001
    answer = api(site, "submit", user="U_ALICE", view_id=modal["id"],
                 values={"title": "x", "severity": "minor", "process": "Sales", "source": "internal"}).json()
    assert answer == {"trouble": TROUBLE}
    assert state(site)["modal"]["id"] == modal["id"]  # the modal stays open, as in Slack


def test_bad_requests_change_nothing(site):
    assert api(site, "message", user="U_NOBODY", channel="C_GENERAL", text="hi").status_code == 409
    assert api(site, "message", user="U_CHRIS", channel="C_QUALITY", text="hi").status_code == 409
    assert httpx.post(f"{site.url}api/message", content=b"[1]").status_code == 400
    assert httpx.post(f"{site.url}api/nope", json={}).status_code == 404
    assert api(site, "clock", step="back").status_code == 409
    assert api(site, "job", name="payroll").json()["notice"].endswith("not available in this version of Trellis yet.")
    assert site.sandbox.fake.messages.get("C_GENERAL", []) == []
