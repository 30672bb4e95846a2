"""The management review's bad input (field errors, nothing stored), who may record one, and what its
actions become: input a) of the next digest, `/qms mine`, the reminder sweep's source, the workbook."""
from datetime import timedelta

from sqlalchemy import func, select

from bot.blocks import ids
from bot.qms import workspaces
from bot.qms.reviews import export, reminders
from bot.qms.reviews.build import build_digest
from bot.qms.reviews.periods import fire_at_or_before, period_ending
from bot.qms.sheets import Window
from models import ManagementReview, ReviewAction
from models.types import utcnow
from tests.reviews.seed import DEFAULTS
from tests.reviews.test_review_flow import DUE, TODAY, open_review, post_digest
from tests.support.factories import TEAM
from tests.support.fixtures import MANAGER
from tests.support.queries import audit_count, count

GOOD = {"held_on": TODAY.isoformat(), "attendees": [MANAGER], "action_1_title": "Train the team",
        "action_1_kind": "improvement", "action_1_owner": "U_BOB", "action_1_due": DUE}


def submit(slack, fake_slack, session_factory, **answers):
    message = post_digest(session_factory, slack, fake_slack)
    open_review(slack, message)
    return slack.submit(slack.last_view(), user=MANAGER, **{**GOOD, **answers})


def test_bad_answers_are_field_errors_and_nothing_is_stored(slack, fake_slack, session_factory):
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    message = post_digest(session_factory, slack, fake_slack)
    open_review(slack, message)
    events = audit_count(session_factory)
    answer = slack.submit(slack.last_view(), user=MANAGER, **{**GOOD, "attendees": [], "action_1_owner": None,
                                                             "action_1_due": yesterday}).json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"attendees", "action_1_owner", "action_1_due"}
    assert answer["errors"]["action_1_due"] == "The due date is in the past."
    answer = slack.submit(slack.last_view(), user=MANAGER, **{**GOOD, "action_1_due": None}).json()
    assert answer["errors"] == {"action_1_due": "Every action needs a due date."}
    assert count(session_factory, ManagementReview) == 0 and count(session_factory, ReviewAction) == 0
    assert audit_count(session_factory) == events


def test_only_managers_record_a_review_and_only_once(slack, fake_slack, session_factory):
    message = post_digest(session_factory, slack, fake_slack)
    open_review(slack, message, user="U_ALICE")
    assert "Only Trellis managers" in slack.responses()[-1]["text"]
    open_review(slack, message)
    view = slack.last_view()
    assert slack.submit(view, user=MANAGER, **GOOD).content in (b"", b"{}")
    again = slack.submit(view, user=MANAGER, **{**GOOD, "action_1_title": "Another"}).json()
    assert "already recorded as MR-1" in again["errors"]["attendees"]
    open_review(slack, message)
    assert "already recorded as MR-1" in slack.responses()[-1]["text"]
    assert count(session_factory, ManagementReview) == 1 and count(session_factory, ReviewAction) == 1


def test_the_actions_are_followed_by_the_next_digest_mine_reminders_and_the_workbook(slack, fake_slack,
                                                                                   session_factory):
    submit(slack, fake_slack, session_factory)
    slack.flush()
    later = utcnow() + timedelta(days=15)  # ACT-1 is due in 14 days
    with session_factory() as session:
        workspaces.use_defaults(session, DEFAULTS)
        period = period_ending("mon 09:00", "UTC", fire_at_or_before("mon 09:00", "UTC", later))
        after = build_digest(session, team_id=TEAM, period=period, now=later)
        due = reminders.reminders_due(session, team_id=TEAM, now=later)
        assert reminders.reminders_due(session, team_id=TEAM, now=utcnow()) == []
        sheets = {sheet.name: list(sheet.rows(session, Window(TEAM))) for sheet in export.SHEETS}
    actions = next(group for group in after.groups if group.key == "a")
    assert {figure.label: figure.value for figure in actions.figures}["Overdue"] == 1
    overdue = actions.lists[0]
    assert overdue.heading == "Overdue" and overdue.items[0].record_id == "ACT-1" and overdue.items[0].owner == "U_BOB"
    assert [(d.person, d.kind, d.item.record_id) for d in due] == [("U_BOB", "review_action", "ACT-1")]
    assert [row[0] for row in sheets["Management reviews"]] == ["MR-1"]
    assert sheets["Review actions"][0][:5] == ("ACT-1", "MR-1", "Improvement", "Train the team", "U_BOB")
    assert "c4) Nonconformities and corrective actions: Opened: 1" in sheets["Management reviews"][0][6]
    mine = slack.command("mine", user="U_BOB").json()
    assert "ACT-1" in str(mine["blocks"]) and "Your management review actions" in str(mine["blocks"])
    slack.click(ids.ACTION_DONE, "ACT-1", user="U_BOB", channel=fake_slack.dm_of("U_BOB"), message_ts="1")
    assert "Review actions to confirm" in str(slack.command("mine", user=MANAGER).json()["blocks"])
    with session_factory() as session:
        assert session.scalars(select(ReviewAction.status)).one() == "done"


def test_the_reminder_source_issues_the_same_statements_for_two_actions_or_forty(session_factory, engine):
    from datetime import date

    from tests.support.queries import statements

    def seen_for(actions: int) -> int:
        with session_factory.begin() as session:
            start = session.scalar(select(func.count()).select_from(ReviewAction)) or 0
            session.add_all(ReviewAction(team_id=TEAM, record_id=f"ACT-{start + n}", review_id="MR-1",
                                         kind="improvement", title="Late", owner=f"U_P{n}", due_date=date(2026, 1, 5))
                            for n in range(actions))
        with session_factory() as session, statements(engine) as seen:
            workspaces.use_defaults(session, DEFAULTS)
            assert len(reminders.reminders_due(session, team_id=TEAM, now=utcnow())) >= actions
        return len(seen)

    assert seen_for(2) == seen_for(40)
