"""`trellis sandbox` in a browser, as a person tries Trellis: report a nonconformance, take it through its
lifecycle as the managers, ask for an approval and approve it from the DM, open the Home tab, run the
digest. Each step asserts on what the page shows and on what the database holds."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.qms.approvals import records as approvals
from models import AuditEvent


def test_report_an_nc_and_take_it_to_closed(slack_page):
    slack = slack_page.open("U_ALICE")
    slack.channel("quality")
    slack.send("/qms nc")
    modal = slack.modal("Nonconformance")
    modal.locator("#in-title").fill("   ")  # Slack's client lets spaces through; Trellis does not
    modal.locator("#in-process").select_option("Delivery")
    slack.submit()
    modal.locator(".bk-error:has-text('Give the nonconformance a short title.')").wait_for()
    assert slack.ncs() == []

    modal.locator("#in-title").fill("Wrong drawing sent to Acme")
    modal.locator("#in-severity").select_option("major")
    slack.submit()
    slack.modal_closed()
    card = slack.message("NC-1")
    assert "Wrong drawing sent to Acme" in card.inner_text() and "Open" in card.inner_text()
    nc = slack.nc("NC-1")
    assert (nc.status, nc.reporter, nc.severity, nc.process) == ("open", "U_ALICE", "major", "Delivery")

    ts = slack.card_ts("nc", "NC-1")  # how long from the bot's post to the page showing it (reported)
    seen = slack.page.evaluate("window.sandboxSeen")[ts]
    print(f"\nsandbox: the card showed {seen - float(ts) * 1000:.0f} ms after the bot posted it")

    slack.be("U_MARTA")  # a manager
    slack.channel("quality")
    slack.message("NC-1").locator("button:has-text('Investigate')").click()
    modal = slack.modal("Investigate")
    modal.locator("#in-owner").select_option("U_ALICE")
    modal.locator("#in-correction").fill("Sent rev C and asked Acme to delete rev B.")
    slack.submit()
    slack.modal_closed()
    slack.page.wait_for_function("document.querySelector('#messages').innerText.includes('Investigating')")
    assert (slack.nc("NC-1").status, slack.nc("NC-1").owner) == ("investigating", "U_ALICE")

    slack.message("NC-1").locator("button:has-text('Plan action')").click()
    modal = slack.modal("Plan action")
    modal.locator("#in-why1").fill("Rev B was still in the delivery folder")
    modal.locator("#in-corrective_action").fill("Archive superseded revisions on release")
    modal.locator("#in-due_date").fill((date.today() - timedelta(days=3)).isoformat())
    slack.submit()
    modal.locator(".bk-error:has-text('in the past')").wait_for()
    assert slack.nc("NC-1").status == "investigating"
    modal.locator("#in-due_date").fill((date.today() + timedelta(days=7)).isoformat())
    slack.submit()
    slack.modal_closed()
    slack.page.wait_for_function("document.querySelector('#messages').innerText.includes('Mark done')")
    assert slack.nc("NC-1").status == "action"

    slack.message("NC-1").locator("button:has-text('Mark done')").click()
    slack.modal("Mark done").locator("#in-done_summary").fill("Archive step added to the checklist.")
    slack.submit()
    slack.modal_closed()
    slack.page.wait_for_function("document.querySelector('#messages').innerText.includes('Verify & close')")
    assert slack.nc("NC-1").status == "verification"

    slack.be("U_DEV")  # the other manager: whoever marked it done may not verify it
    slack.channel("quality")
    slack.message("NC-1").locator("button:has-text('Verify & close')").click()
    slack.modal("Verify & close").locator("#in-effectiveness").fill("Three releases since, all clean.")
    slack.submit()
    slack.modal_closed()
    slack.page.wait_for_function("document.querySelector('#messages').innerText.includes('Closed')")
    assert slack.nc("NC-1").status == "closed"
    with slack.sessions() as session:
        actions = list(session.scalars(select(AuditEvent.action).where(AuditEvent.record_id == "NC-1")
                                       .order_by(AuditEvent.seq)))
    assert actions == ["nc.created", "nc.investigated", "nc.action_planned", "nc.marked_done", "nc.closed"]
    slack.message("NC-1").locator("button.replies").click()  # each move is a line in the review thread
    slack.page.wait_for_selector("#thread:not([hidden]) #thread-messages:has-text('Closed')")


def test_ask_for_an_approval_and_approve_it_from_the_dm(slack_page):
    slack = slack_page.open("U_ALICE")
    slack.channel("general")
    slack.send("/qms approval Homepage design for Acme")
    modal = slack.modal("Request approval")
    assert modal.locator("#in-title").input_value() == "Homepage design for Acme"
    modal.locator("#in-approvers input[value='U_MARTA']").check()
    slack.submit()
    modal.locator(".bk-error:has-text('Describe what to approve')").wait_for()  # Trellis's own check
    modal.locator("#in-description").fill("Final mock-up, v3")
    slack.submit()
    slack.modal_closed()
    slack.channel("quality")
    slack.message("APR-1")
    with slack.sessions() as session:
        request = approvals.get(session, team_id="T_NORTHWIND", record_id="APR-1")
        assert (request.status, request.requester) == ("pending", "U_ALICE")

    slack.be("U_MARTA")
    slack.page.click("#apps button:has-text('Trellis')")  # the App Home opens on its Home tab
    slack.page.wait_for_selector("#messages .bk-header:has-text('Trellis — quality, where you work')")
    assert "APR-1" in slack.page.inner_text("#messages")  # waiting on her
    slack.page.click("#tabs button[data-tab='messages']")
    copy = slack.message("APR-1")
    copy.locator("button:has-text('Approve')").click()
    slack.page.wait_for_selector("#confirm-layer:not([hidden]) #confirm-title:has-text('Approve APR-1?')")
    slack.page.click("#confirm-yes")
    slack.page.wait_for_function("document.querySelector('#messages').innerText.includes('Approved by')")
    with slack.sessions() as session:
        assert approvals.get(session, team_id="T_NORTHWIND", record_id="APR-1").status == "approved"


def test_run_the_digest(slack_page):
    slack = slack_page.open("U_MARTA")
    slack.page.click("#run-digest")
    slack.channel("management-review")
    slack.message("Record management review")
