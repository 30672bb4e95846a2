"""`trellis sandbox --demo`: three weeks of a real company's quality work, replayed through bot.qms and
bot.messages with the sandbox's clock moving forward, so every card, thread line and DM in the
page was posted by the outbox at the moment it says — NCs at every stage, approvals decided and
pending, and people's replies in the records' threads (sent to the app as message events).

`CHAPTERS` is the seam features extend: each is a function of the Seeder, run in order — the NCs and
approvals (demo_script.py), then customer feedback, knowledge, objectives, and the weekly digest with
its management review (demo_quality.py); the Seeder's quality records are in demo_records.py.
"""
from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.config import ConfigError
from bot.messages import approvals as approval_messages
from bot.messages import nc as nc_messages
from bot.outbox import copies
from bot.outbox.delivery import deliver_due
from bot.outbox.queue import Copy
from bot.qms.approvals import lifecycle as approval_lifecycle
from bot.qms.approvals import records as approval_records
from bot.qms.approvals.rules import ApprovalDraft
from bot.qms.evidence import SourceMessage
from bot.qms.nc import lifecycle, records
from bot.sandbox import demo_quality, demo_script
from bot.sandbox import workspace as ws
from bot.sandbox.demo_records import QualityRecords
from bot.slack import single_workspace
from models import AuditEvent

SPAN = timedelta(days=21)  # how far back the story starts
CLOCK_START = -(SPAN + timedelta(days=1))  # the sandbox's clock offset before the story: its first morning is ahead


class Seeder(QualityRecords):
    """Moves the sandbox's clock to each moment of the story and does what happened then."""

    def __init__(self, sandbox):
        self.sandbox, self.fake, self.clock = sandbox, sandbox.fake, sandbox.clock
        self.sessions = sandbox.runtime.session_factory
        self.clients = single_workspace(sandbox.runtime.client)
        self.start = datetime.now(ZoneInfo(ws.TIMEZONE)) - SPAN

    def moment(self, day: int, hour: int, minute: int) -> datetime:
        """Day `day` of the story (0 = three weeks ago) at local office time."""
        return (self.start + timedelta(days=day)).replace(hour=hour, minute=minute, second=0, microsecond=0)

    def today(self) -> date:
        return self.clock().astimezone(ZoneInfo(ws.TIMEZONE)).date()

    def deliver(self) -> None:
        """What the outbox worker does after each commit, done here so the story's moments stay in order."""
        self.sandbox.inbound.settle()
        while deliver_due(self.sessions, self.clients, now=self.clock()):
            self.sandbox.inbound.settle()

    # --- records ------------------------------------------------------------------------------------
    def nc(self, reporter: str, values: dict, *, evidence: SourceMessage | None = None) -> str:
        now = self.clock()
        with self.sessions.begin() as session:
            record = records.report(session, team_id=ws.TEAM_ID, reporter=reporter, values=values,
                                    evidence=evidence, now=now)
            nc_messages.announce(session, record, channel=ws.QUALITY, now=now)
        self.deliver()
        return record.record_id

    def step(self, record_id: str, step: str, actor: str, **answers) -> None:
        now = self.clock()
        with self.sessions.begin() as session:
            record = lifecycle.apply(session, team_id=ws.TEAM_ID, record_id=record_id, step_name=step, actor=actor,
                                     is_manager=lambda: actor in ws.MANAGERS, answers=answers, now=now)
            nc_messages.report_step(session, record, step=lifecycle.STEPS[step], actor=actor, now=now)
        self.deliver()

    def approval(self, requester: str, approvers: tuple[str, ...], *, policy: str = "any", **fields) -> str:
        now = self.clock()
        names = {user_id: ws.person(user_id).real_name for user_id in approvers}
        draft = ApprovalDraft(approvers=approvers, policy=policy, names=names, **fields)
        with self.sessions.begin() as session:
            outcome = approval_records.create(session, team_id=ws.TEAM_ID, requester=requester,
                                              draft=draft, card_channel=ws.QUALITY, now=now)
            approval_messages.announce(session, outcome, now=now)
        self.deliver()
        return outcome.request.record_id

    def decide(self, record_id: str, actor: str, *, approve: bool, comment: str | None = None) -> None:
        now = self.clock()
        with self.sessions.begin() as session:
            outcome = approval_lifecycle.decide(session, team_id=ws.TEAM_ID, record_id=record_id, actor=actor,
                                                approve=approve, comment=comment, now=now)
            approval_messages.report_change(session, outcome, actor=actor, now=now)
        self.deliver()

    # --- people talking ---------------------------------------------------------------------------
    def say(self, user: str, channel: str, text: str) -> dict:
        message = self.fake.post_as(user, channel, text)
        self.deliver()
        return message

    def reply(self, user: str, record_type: str, record_id: str, text: str) -> None:
        """A reply in the thread of the record's card: Slack sends the app the event; it keeps the reply."""
        with self.sessions() as session:
            card = copies.find(session, team_id=ws.TEAM_ID, copy=Copy(record_type, record_id))
        self.fake.post_as(user, card.channel, text, thread_ts=card.ts)
        self.deliver()


Chapter = Callable[[Seeder], Iterator[tuple[int, int, int]]]
CHAPTERS: list[Chapter] = [demo_script.nonconformances, demo_script.approvals, demo_quality.customer_channel,
                            demo_quality.feedback, demo_quality.knowledge, demo_quality.objectives,
                            demo_quality.management_review]


def require_empty(sandbox) -> None:
    """The demo tells its own story: only into a database with no records yet."""
    with sandbox.runtime.session_factory() as session:
        events = session.scalar(select(func.count()).select_from(AuditEvent))
    if events:
        raise ConfigError(f"--demo needs an empty database, and {sandbox.database_url} already has records: "
                          "use another --db (e.g. --db demo.db) or delete that file")


def seed(sandbox, chapters: list[Chapter] | None = None) -> None:
    """The sandbox's clock must start at CLOCK_START (before the story); it ends at the real time."""
    seeder = Seeder(sandbox)
    due: list = []
    for order, chapter in enumerate(CHAPTERS if chapters is None else chapters):
        _next(due, seeder, order, chapter(seeder))
    while due:  # the chapters' moments in time order: the clock only moves forward
        moment, order, story = heapq.heappop(due)
        seeder.clock.advance_to(moment)
        _next(due, seeder, order, story)
    sandbox.clock.advance_to(datetime.now(ZoneInfo(ws.TIMEZONE)))  # the story ends now
    seeder.deliver()


def _next(due: list, seeder: Seeder, order: int, story: Iterator[tuple[int, int, int]]) -> None:
    """Run a chapter up to its next moment, and queue it for then."""
    try:
        day, hour, minute = next(story)
    except StopIteration:
        return
    heapq.heappush(due, (seeder.moment(day, hour, minute), order, story))
