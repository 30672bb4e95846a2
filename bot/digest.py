"""The digest job, the same code for the scheduler, `trellis digest`, the sandbox and the catch-up: per
workspace, one transaction that builds the digest, claims its period and queues the post."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.db import SessionFactory
from bot.messages import reviews as review_messages
from bot.qms import workspaces
from bot.qms.reviews import claims
from bot.qms.reviews.build import build_digest
from bot.qms.reviews.periods import due_times, fire_at_or_before, period_ending, period_so_far
from models import AuditEvent, AuditHead, DigestPost, Workspace

log = logging.getLogger("trellis.digest")
LATE_AFTER = timedelta(minutes=15)  # posted this long after its time, a digest says it is late
CATCH_UP = timedelta(hours=24)  # a missed digest younger than this is posted late; older ones are recorded
LOOK_BACK_WEEKS = 4  # how far back missed periods are recorded
NO_CHANNEL = "no digest channel is set: a manager can choose one with /qms settings"


@dataclass(frozen=True)
class Outcome:
    team_id: str
    record_id: str | None = None  # the digest posted now
    already: str | None = None  # the digest already posted for this period
    link: str | None = None  # where that one is in Slack
    problem: str | None = None

    def line(self) -> str:
        if self.problem:
            return f"{self.team_id}: {self.problem}"
        if self.already:
            where = self.link or f"{self.already} (its link is not known yet)"
            return f"{self.team_id}: already posted for this period, see {where}"
        return f"{self.team_id}: posted {self.record_id}"


def run_digest(sessions: SessionFactory, *, team_id: str, defaults: workspaces.WorkspaceSettings, now: datetime,
               trigger: str = "schedule", force: bool = False, period_end: datetime | None = None) -> Outcome:
    """Post the digest of the period that ended last (or at `period_end`), once."""
    with sessions.begin() as session:
        workspaces.use_defaults(session, defaults)
        settings = workspaces.current(session, team_id=team_id)
        end = period_end or fire_at_or_before(settings.digest_schedule, settings.timezone, now)
        existing = None if force else claims.posted_for(session, team_id=team_id, period_end=end)
        again = force or (existing is not None and existing.trigger == claims.MISSED)  # recorded missed: post now
        existing = None if again else existing
        if existing is None and not settings.review_channel:
            return Outcome(team_id, problem=NO_CHANNEL)
        period = period_ending(settings.digest_schedule, settings.timezone, end)
        post = None
        if existing is None:
            digest = build_digest(session, team_id=team_id, period=period, now=now)
            post = claims.claim(session, team_id=team_id, period=period, timezone=settings.timezone,
                                groups=digest.groups, channel=settings.review_channel, now=now,
                                trigger="forced" if force else trigger, force=again, late=now - end > LATE_AFTER)
            if post is not None:
                review_messages.post_digest(session, digest, post, now=now,
                                            notify_on_failure=next(iter(settings.managers), None))
                return Outcome(team_id, record_id=post.record_id)
            existing = claims.posted_for(session, team_id=team_id, period_end=end)  # another run won the claim
        return Outcome(team_id, already=existing.record_id,
                       link=claims.link(session, team_id=team_id, record_id=existing.record_id))


def run_all(sessions: SessionFactory, *, defaults: workspaces.WorkspaceSettings, now: datetime,
            teams: tuple[str, ...] = (), trigger: str = "schedule") -> list[Outcome]:
    """Every known workspace's digest (and `teams`'), each once per period; one failing never stops the rest."""
    return [outcome for team_id in sorted(set(known_teams(sessions)) | set(teams))
            if (outcome := run_safely(lambda team_id=team_id: run_digest(
                sessions, team_id=team_id, defaults=defaults, now=now, trigger=trigger), team_id=team_id))]


def preview(sessions: SessionFactory, *, team_id: str, defaults: workspaces.WorkspaceSettings,
            now: datetime) -> dict:
    """`/qms digest`: this period's digest so far, as a private message."""
    with sessions.reads() as session:
        workspaces.use_defaults(session, defaults)
        settings = workspaces.current(session, team_id=team_id)
        period = period_so_far(settings.digest_schedule, settings.timezone, now)
        return review_messages.preview(build_digest(session, team_id=team_id, period=period, now=now))


def catch_up(sessions: SessionFactory, *, team_id: str, defaults: workspaces.WorkspaceSettings,
             now: datetime) -> list[Outcome]:
    """On start and on becoming leader: a digest missed within 24 h is posted (marked late); older misses
    since the workspace began are recorded in the audit trail (a 'digest.missed' claim), never dropped."""
    with sessions.begin() as session:
        workspaces.use_defaults(session, defaults)
        settings = workspaces.current(session, team_id=team_id)
        last = fire_at_or_before(settings.digest_schedule, settings.timezone, now)
        ends = due_times(settings.digest_schedule, settings.timezone, last, LOOK_BACK_WEEKS - 1)
        began, claimed = _began(session, team_id), claims.claimed_ends(session, team_id=team_id, ends=ends)
        missing = [end for end in ends if began is not None and end > began and end not in claimed]
        for end in missing:
            if now - end > CATCH_UP:
                claims.claim(session, team_id=team_id, period=period_ending(settings.digest_schedule,
                                                                            settings.timezone, end),
                             timezone=settings.timezone, groups=(), channel=None, trigger=claims.MISSED, now=now)
    return [run_digest(sessions, team_id=team_id, defaults=defaults, now=now, trigger="catch_up", period_end=end)
            for end in missing if now - end <= CATCH_UP]


def _began(session, team_id: str) -> datetime | None:
    """When the workspace first used Trellis (its first audit event)."""
    return session.scalar(select(AuditEvent.at).where(AuditEvent.team_id == team_id, AuditEvent.seq == 1))


def known_teams(sessions: SessionFactory) -> list[str]:
    """Workspaces Trellis has settings or records for."""
    with sessions.reads() as session:
        teams = set(session.scalars(select(Workspace.team_id))) | set(session.scalars(select(AuditHead.team_id)))
        teams |= set(session.scalars(select(DigestPost.team_id).distinct()))
    return sorted(teams)


def run_safely(job, *, team_id: str):
    """A scheduled job never takes the scheduler down: its failure is logged with the workspace."""
    try:
        return job()
    except Exception:
        log.exception("digest job failed for %s", team_id)
        return None
