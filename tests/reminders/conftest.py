"""The reminder tests' board: records made at chosen moments, people in chosen timezones, the sweep run at a
fixed clock (the app's clock too, so a click is judged at the same moment), and the DMs read back."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.config import workspace_defaults
from bot.messages import approvals as approval_messages
from bot.messages import nc as nc_messages
from bot.qms import directory as people
from bot.qms.approvals import records as approval_records
from bot.qms.approvals.rules import ApprovalDraft
from bot.qms.nc import lifecycle, records
from bot.reminders import ReminderJob
from models import ReminderClaim
from tests.support.fixtures import QUALITY_CHANNEL
from tests.support.nc import PATH, REPORT, STEP_ANSWERS, STEP_USERS

TEAM = "T111"
# Tuesday 10 November 2026, 10:00 UTC: in the past, so the outbox delivers what the sweep queues at once.
TUESDAY = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)


class Clock:
    def __init__(self):
        self.now = TUESDAY

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(settings, session_factory, directory, clock):
    """The app at the board's clock: a Snooze click happens when the test says it does."""
    from bot.app import create_app

    return create_app(settings, session_factory=session_factory, directory=directory, clock=clock)


class Board:
    def __init__(self, session_factory, slack, settings, clock):
        self.session_factory, self.slack, self.fake, self.clock = session_factory, slack, slack.fake, clock
        self.job = ReminderJob(session_factory, workspace_defaults(settings))

    # --- records at a moment ------------------------------------------------------------------------
    def nc(self, status: str = "open", *, at: datetime, reporter: str = "U_ALICE", owner: str = "U_BOB",
           due: str | None = None, **fields) -> str:
        answers = {**STEP_ANSWERS, "investigate": {**STEP_ANSWERS["investigate"], "owner": owner},
                   "plan": {**STEP_ANSWERS["plan"], "due_date": due or "2026-12-31"}}
        users = {**STEP_USERS, "plan": owner, "done": owner}
        with self.session_factory.begin() as session:
            record = records.report(session, team_id=TEAM, reporter=reporter, values={**REPORT, **fields}, now=at)
            for step in PATH[status]:
                record = lifecycle.apply(session, team_id=TEAM, record_id=record.record_id, step_name=step,
                                         actor=users[step], is_manager=lambda: True, answers=answers[step],
                                         now=at)
            nc_messages.announce(session, record, channel=QUALITY_CHANNEL, now=at)
        self.slack.flush()
        return record.record_id

    def approval(self, *, at: datetime, requester: str = "U_ALICE", approvers=("U_MANAGER",), due_on=None) -> str:
        draft = ApprovalDraft(title="Homepage design for Acme", description="v3", approvers=tuple(approvers),
                              policy="all", due_on=due_on, names={a: a for a in approvers})
        with self.session_factory.begin() as session:
            outcome = approval_records.create(session, team_id=TEAM, requester=requester, draft=draft,
                                              card_channel=QUALITY_CHANNEL, now=at)
            approval_messages.announce(session, outcome, now=at)
        self.slack.flush()
        return outcome.request.record_id

    def person(self, user_id: str, tz: str) -> None:
        """What Slack said about someone (their timezone), as the directory cache holds it."""
        with self.session_factory.begin() as session:
            people.store_user(session, team_id=TEAM, user={"id": user_id, "tz": tz}, now=self.clock.now)

    # --- the sweep ------------------------------------------------------------------------------------
    def sweep(self, at: datetime) -> dict[str, int]:
        self.clock.now = at
        self.fake.clear_calls()
        queued = self.job.run(at)
        self.slack.flush()
        return queued

    def dms(self, user: str) -> list[dict]:
        """Reminder DMs posted to `user` by the last sweep."""
        return [call.args for call in self.fake.ok_calls("chat.postMessage")
                if call.args["channel"] == user and "need" in call.args.get("text", "")]

    def dm(self, user: str) -> dict:
        found = self.dms(user)
        assert len(found) == 1, found
        return found[0]

    def reminded(self, user: str) -> list[str]:
        """Record ids in the DMs `user` got from the last sweep, in the order shown."""
        return [record_id for message in self.dms(user) for record_id in ids_in(message)]

    def posted(self, user: str) -> tuple[str, str, dict]:
        """(channel, ts, message) of the one reminder DM `user` got: what a click on it carries."""
        call, = [call for call in self.fake.ok_calls("chat.postMessage")
                 if call.args["channel"] == user and "need" in call.args.get("text", "")]
        return call.response["channel"], call.response["ts"], {"ts": call.response["ts"], **call.args}

    def claims(self) -> list[tuple]:
        with self.session_factory() as session:
            return [tuple(row) for row in session.execute(select(
                ReminderClaim.person, ReminderClaim.kind, ReminderClaim.record_id, ReminderClaim.day,
                ReminderClaim.escalation).order_by(ReminderClaim.day, ReminderClaim.person, ReminderClaim.kind,
                                                  ReminderClaim.record_id))]


def ids_in(message: dict) -> list[str]:
    texts = [block["text"]["text"] for block in message["blocks"] if block.get("type") == "section"]
    return re.findall(r"\b((?:NC|APR)-\d+)\b(?=[>*])", "\n".join(texts))


def days(count: float) -> timedelta:
    return timedelta(days=count)


@pytest.fixture
def board(session_factory, slack, settings, clock) -> Board:
    return Board(session_factory, slack, settings, clock)


@pytest.fixture
def swap_source():
    """Replace one entry of the sweep's table of sources for a while (a feature failing, say)."""
    from contextlib import contextmanager

    from bot.qms.reminders.sources import SOURCES

    @contextmanager
    def swap(index: int, source):
        original = SOURCES[index]
        SOURCES[index] = source
        try:
            yield
        finally:
            SOURCES[index] = original

    return swap
