"""`trellis sandbox` in a browser, for what came after NCs and approvals: run the digest and record the
management review from it, watch a reminder arrive after moving the clock and snooze it, export the
auditor's workbook and download it, save knowledge and search it, log customer feedback through the
customer type-ahead. Each step asserts on what the page shows and on what the database holds."""
from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.messages import approvals as approval_messages
from bot.qms.approvals import records as approvals
from bot.qms.approvals.rules import ApprovalDraft
from models import DigestPost, Feedback, KnowledgeEntry, ManagementReview, ReminderSnooze, ReviewAction

TEAM = "T_NORTHWIND"


def test_run_the_digest_and_record_the_management_review(slack_page):
    slack = slack_page.open("U_MARTA")
    slack.page.click("#run-digest")
    slack.notice("it posted DIG-")  # the page says what the job did
    slack.channel("management-review")
    digest = slack.message("Record management review")
    with slack.sessions() as session:
        post = session.scalars(select(DigestPost)).one()
    assert "Weekly digest" in digest.inner_text() and post.channel == "C_REVIEW"

    digest_ts = digest.get_attribute("data-ts")
    digest.locator("button:has-text('Record management review')").click()
    modal = slack.modal("Management review")
    slack.submit()  # nobody named yet: Slack's client refuses an empty required field, under it
    modal.locator("[data-block-id='attendees'] .bk-error:has-text('Please complete this required field')").wait_for()
    modal.locator("#in-attendees input[value='U_MARTA']").check()
    modal.locator("#in-attendees input[value='U_DEV']").check()
    modal.locator("#in-improvement_decision").fill("Publish the first-response figure monthly.")
    modal.locator("#in-action_1_title").fill("Train a second person on backup restores")
    modal.locator("#in-action_1_owner").select_option("U_DEV")
    modal.locator("#in-action_1_due").fill((slack.today() + timedelta(days=14)).isoformat())
    slack.submit()
    slack.modal_closed()

    slack.page.wait_for_function("document.querySelector('#messages').innerText.includes('MR-1')")
    digest = slack.page.locator(f"#messages .message[data-ts='{digest_ts}']")  # its button is gone now
    digest.locator("button.replies").click()  # MR-1's summary is in the digest's thread
    slack.page.wait_for_selector("#thread:not([hidden]) #thread-messages:has-text('MR-1')")
    slack.message("ACT-1")  # the action's card in the review channel
    with slack.sessions() as session:
        review = session.scalars(select(ManagementReview)).one()
        action = session.scalars(select(ReviewAction)).one()
    assert (review.record_id, review.digest_id, sorted(review.attendees)) == ("MR-1", post.record_id,
                                                                              ["U_DEV", "U_MARTA"])
    assert (action.record_id, action.owner, action.review_id) == ("ACT-1", "U_DEV", "MR-1")


def test_moving_the_clock_runs_the_digest_and_a_reminder_arrives_to_be_snoozed(slack_page):
    slack = slack_page.open("U_ALICE")
    sandbox = slack.site.sandbox
    now = sandbox.clock()
    draft = ApprovalDraft(approvers=("U_MARTA",), policy="any", names={"U_MARTA": "Marta Silva"},
                          title="Supplier change: PrintCo", description="Cheaper prints.")
    with slack.sessions.begin() as session:  # asked as the page would: the outbox posts its cards
        outcome = approvals.create(session, team_id=TEAM, requester="U_ALICE", draft=draft, card_channel="C_QUALITY",
                                   now=now)
        approval_messages.announce(session, outcome, now=now)
    slack.page.click("#advance-day")
    slack.page.click("#advance-monday")  # Monday 09:00: a working hour, more than a day after it was asked
    slack.notice("The weekly digest ran")  # the scheduler's digest job, at the time it was due
    with slack.sessions() as session:
        assert session.scalar(select(func.count()).select_from(DigestPost)) == 1
    slack.page.click("#run-reminders")
    slack.notice("The reminder sweep")

    slack.be("U_MARTA")
    slack.app_messages()
    reminder = slack.message("Snooze 1 day")
    assert "APR-1" in reminder.inner_text() and "Snooze 1 week" in reminder.inner_text()
    reminder.locator("button:has-text('Snooze 1 day')").first.click()
    slack.page.wait_for_function("document.querySelector('#messages').innerText.includes('Snoozed')")
    with slack.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ReminderSnooze)) == 1


def test_export_the_workbook_and_download_it(slack_page):
    slack = slack_page.open("U_ALICE")
    slack.channel("quality")
    slack.send("/qms nc")
    modal = slack.modal("Nonconformance")
    modal.locator("#in-title").fill("Wrong drawing sent to Acme")
    modal.locator("#in-process").select_option("Delivery")
    slack.submit()
    slack.modal_closed()
    slack.message("NC-1")

    slack.be("U_MARTA")  # a manager: the workbook is for them
    slack.channel("quality")
    slack.send("/qms export")
    slack.app_messages()
    link = slack.page.locator("#messages a.file", has_text=".xlsx")
    link.wait_for(timeout=60_000)
    with slack.page.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(open(download.path(), "rb").read()), read_only=True)
    assert "Summary" in workbook.sheetnames
    cells = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "NC-1" in cells and "Wrong drawing sent to Acme" in cells


def test_save_knowledge_and_search_it(slack_page):
    slack = slack_page.open("U_ALICE")
    slack.channel("general")
    slack.send("/qms kb new")
    modal = slack.modal("Save to knowledge")
    modal.locator("#in-title").fill("Releasing a new drawing revision")
    modal.locator("#in-body").fill("Move the previous revision to the archive folder before sending the new one.")
    modal.locator("#in-process").select_option("Delivery")
    modal.locator("#in-owner").select_option("U_ALICE")
    slack.submit()
    slack.modal_closed()
    slack.channel("quality")
    slack.message("KB-1")

    slack.channel("general")
    slack.send("/qms kb archive revision")
    answer = slack.page.locator("#messages .message.ephemeral", has_text="KB-1")
    answer.wait_for()
    assert "Releasing a new drawing revision" in answer.inner_text()
    with slack.sessions() as session:
        entry = session.scalars(select(KnowledgeEntry)).one()
    assert (entry.record_id, entry.owner, entry.process) == ("KB-1", "U_ALICE", "Delivery")


def test_log_feedback_with_the_customer_type_ahead(slack_page):
    slack = slack_page.open("U_ALICE")
    slack.channel("general")
    slack.send("/qms feedback")
    modal = slack.modal("Customer feedback")
    modal.locator("#in-feedback_customer .bk-typeahead").fill("Acme Corp")
    choice = modal.locator("#in-feedback_customer select option", has_text="New customer: Acme Corp")
    choice.wait_for(state="attached")  # the app's answer to Slack's block_suggestion
    modal.locator("#in-feedback_customer select").select_option(label="New customer: Acme Corp")
    modal.locator("#in-score").select_option("2")
    modal.locator("#in-comment").fill("The mock-up had our old logo.")
    modal.locator("#in-received_via").select_option("call")
    slack.submit()
    slack.page.wait_for_selector("#modal-layer:not([hidden]) #modal-body:has-text('FB-1')")  # the confirmation
    with slack.sessions() as session:
        record = session.scalars(select(Feedback)).one()
    assert (record.record_id, record.customer, record.score, record.logged_by) == ("FB-1", "Acme Corp", 2, "U_ALICE")
    slack.page.click("#modal-x")
    slack.modal_closed()
    slack.channel("quality")
    assert "Acme Corp" in slack.message("FB-1").inner_text()
