"""`trellis sandbox --demo`: three weeks of a company's quality work, every record made through bot.qms with
its audit event and every card posted by the outbox — feedback linked both ways to the NC a low score
raised, measured first responses in the customer channel, knowledge overdue for review and a process one
person knows, objectives, and the Monday digest reviewed as MR-1 with two actions."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.outbox import copies
from bot.outbox.queue import Copy
from bot.qms import workspaces
from bot.qms.knowledge.busfactor import by_process
from bot.sandbox import workspace as ws
from models import (
    AuditEvent,
    CustomerMessage,
    DigestPost,
    Feedback,
    KnowledgeEntry,
    ManagementReview,
    Nonconformance,
    Objective,
    ReviewAction,
)
from tests.sandbox_web.conftest import SlackPage


@pytest.fixture
def demo_site(db_url):
    from bot.sandbox.serve import start

    served = start(port=0, db=db_url, demo=True)
    yield served
    served.stop()


def test_the_demo_tells_the_whole_story(demo_site, browser):
    sandbox = demo_site.sandbox
    now = sandbox.clock()
    with sandbox.runtime.session_factory() as session:
        feedback = {f.record_id: f for f in session.scalars(select(Feedback))}
        complaint = session.scalars(select(Nonconformance).where(Nonconformance.feedback_id.is_not(None))).one()
        low = feedback[complaint.feedback_id]
        assert len(feedback) == 4 and low.score <= 2 and low.raised_nc == complaint.record_id  # linked both ways

        settings = workspaces.current(session, team_id=ws.TEAM_ID)
        assert tuple(settings.customer_channels) == (ws.CLIENT,)
        answered = list(session.scalars(select(CustomerMessage).where(CustomerMessage.answered_at.is_not(None))))
        assert len(answered) >= 3 and all(m.channel_id == ws.CLIENT and m.working_seconds for m in answered)

        entries = list(session.scalars(select(KnowledgeEntry)))
        assert len(entries) == 5 and sum(entry.next_review_at <= now for entry in entries) == 1
        support = next(p for p in by_process(session, team_id=ws.TEAM_ID, processes=settings.processes, now=now)
                       if p.process == "Support")
        assert support.bus_factor == 1

        assert session.scalar(select(func.count()).select_from(Objective)) == 3
        review = session.scalars(select(ManagementReview)).one()
        digest = session.scalars(select(DigestPost)).one()
        actions = list(session.scalars(select(ReviewAction).order_by(ReviewAction.id)))
        assert (review.record_id, review.digest_id, digest.review_id) == ("MR-1", digest.record_id, "MR-1")
        assert [a.record_id for a in actions] == ["ACT-1", "ACT-2"] and all(a.review_id == "MR-1" for a in actions)

        audited = set(session.scalars(select(AuditEvent.record_type).distinct()))
        assert {"nc", "approval", "feedback", "kb", "objective", "review", "workspace"} <= audited
        digest_ts = copies.find(session, team_id=ws.TEAM_ID, copy=Copy("digest", digest.record_id)).ts

    page = browser.new_page()
    try:
        slack = SlackPage(page, demo_site).open("U_MARTA")  # waits for each step, as the other browser tests do
        slack.channel("management-review")
        card = page.locator(f"#messages .message[data-ts='{digest_ts}']")
        card.wait_for()
        assert "Weekly digest" in card.inner_text() and "Record management review" not in card.inner_text()
        card.locator("button.replies").click()
        page.wait_for_selector("#thread:not([hidden]) #thread-messages:has-text('MR-1')")
    finally:
        page.close()
