"""The demo Seeder's quality records beyond NCs and approvals: settings, customer feedback (and the NC a
low score raises), knowledge, objectives, the weekly digest and its management review — each through
bot.qms and bot.messages in one transaction at the sandbox's clock, as the app's own listeners do, so
every record has its audit event and every card was posted by the outbox."""
from __future__ import annotations

from sqlalchemy import select

from bot.config import ConfigError, workspace_defaults
from bot.messages import feedback as feedback_messages
from bot.messages import knowledge as kb_messages
from bot.messages import objectives as objective_messages
from bot.messages import reviews as review_messages
from bot.qms import workspaces
from bot.qms.feedback import complaints
from bot.qms.feedback import records as feedback_records
from bot.qms.feedback.rules import NEW, FeedbackDraft
from bot.qms.knowledge import records as kb_records
from bot.qms.knowledge.rules import EntryDraft
from bot.qms.objectives import records as objective_records
from bot.qms.objectives import rules as objective_rules
from bot.qms.reviews import records as review_records
from bot.qms.reviews import rules as review_rules
from bot.qms.reviews.rules import ReviewDraft
from bot.sandbox import workspace as ws
from models import DigestPost


class QualityRecords:
    """Mixed into demo.Seeder: uses its `sessions`, `clock`, `today()`, `deliver()` and `sandbox`."""

    def settings(self, actor: str, **changes) -> None:
        now = self.clock()
        with self.sessions.begin() as session:
            workspaces.update_settings(session, team_id=ws.TEAM_ID, actor=actor, changes=changes, now=now)

    def _settings(self, session) -> workspaces.WorkspaceSettings:
        return workspaces.settings_for(session, team_id=ws.TEAM_ID,
                                       defaults=workspace_defaults(self.sandbox.runtime.settings))

    def feedback(self, logged_by: str, customer: str, score: int, *, via: str, comment: str | None = None) -> str:
        now = self.clock()
        draft = FeedbackDraft(customer=f"{NEW}{customer}", score=str(score), comment=comment, received_via=via)
        with self.sessions.begin() as session:
            settings = self._settings(session)
            record = feedback_records.log(session, team_id=ws.TEAM_ID, logged_by=logged_by, draft=draft,
                                          scale=settings.feedback_scale, now=now)
            feedback_messages.announce(session, record, channel=settings.quality_channel, now=now)
        self.deliver()
        return record.record_id

    def complaint(self, feedback_id: str, reporter: str, **values) -> str:
        """`Raise a nonconformance` on a low score: the NC report prefilled from the feedback, then saved."""
        now = self.clock()
        with self.sessions.begin() as session:
            record = feedback_records.get(session, team_id=ws.TEAM_ID, record_id=feedback_id)
            prefilled = complaints.prefill(record)
            filled = {"title": prefilled["title"], "description": prefilled["description"],
                      "customer": prefilled["customer"], "source": prefilled["source"], **values}
            nc, record = complaints.raise_nc(session, team_id=ws.TEAM_ID, reporter=reporter,
                                             feedback_id=feedback_id, values=filled, now=now)
            feedback_messages.complaint_raised(session, nc, record, channel=self._settings(session).quality_channel,
                                               now=now)
        self.deliver()
        return nc.record_id

    def knowledge(self, saver: str, **fields) -> str:
        values = EntryDraft(**fields).values()
        now = self.clock()
        with self.sessions.begin() as session:
            entry = kb_records.save(session, team_id=ws.TEAM_ID, saver=saver, values=values, now=now)
            kb_messages.announce(session, entry, channel=self._settings(session).kb_channel, now=now)
        self.deliver()
        return entry.record_id

    def objective(self, created_by: str, **fields) -> str:
        values, problems = objective_rules.problems(objective_rules.ObjectiveDraft(**fields))
        if problems:  # the story's own mistake: say which, rather than store a bad objective
            raise ConfigError(f"demo objective {fields.get('name')!r}: {problems}")
        now = self.clock()
        with self.sessions.begin() as session:
            objective = objective_records.create(session, team_id=ws.TEAM_ID, created_by=created_by, values=values,
                                                 now=now)
            objective_messages.announce(session, objective, channel=self._settings(session).quality_channel,
                                        now=now)
        self.deliver()
        return objective.record_id

    def digest(self) -> str:
        """The scheduler's own digest job at the sandbox's clock (bot/sandbox/jobs.py): the digest it posted."""
        self.sandbox.jobs.run("digest", self.clock())
        self.deliver()
        with self.sessions() as session:
            return session.scalars(select(DigestPost.record_id).where(DigestPost.team_id == ws.TEAM_ID)
                                   .order_by(DigestPost.id.desc()).limit(1)).one()

    def review(self, actor: str, **fields) -> str:
        draft = ReviewDraft(**fields)
        problems = review_rules.problems(draft, today=self.today())
        if problems:
            raise ConfigError(f"demo management review: {problems}")
        now = self.clock()
        with self.sessions.begin() as session:
            recorded = review_records.record(session, team_id=ws.TEAM_ID, draft=draft, actor=actor, now=now)
            review_messages.review_recorded(session, recorded, now=now)
        self.deliver()
        return recorded.review.record_id
