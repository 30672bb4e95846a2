"""The digest's place in the scheduler: one cron job per workspace at its `digest_schedule` in its own
timezone (APScheduler's CronTrigger with the zone: 09:00 stays 09:00 across daylight-saving changes),
re-synced every half minute so a change in `/qms settings` takes effect without a restart. Only the
leader (bot.leader) runs them; on becoming leader it catches up missed digests."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from apscheduler.triggers.cron import CronTrigger

from bot import digest
from bot.db import SessionFactory
from bot.leader import Leader
from bot.qms import workspaces
from bot.qms.workspaces.rules import parse_schedule

log = logging.getLogger("trellis.digest")
JOB = "digest"  # a workspace's job id is "digest:<team id>" (bot/sandbox/jobs.py runs them by this name)
SYNC_SECONDS = 30


def trigger_for(schedule: str, timezone: str) -> CronTrigger:
    parsed = parse_schedule(schedule)
    return CronTrigger(day_of_week=parsed.weekday, hour=parsed.at.hour, minute=parsed.at.minute, timezone=timezone)


class DigestJobs:
    def __init__(self, scheduler, sessions: SessionFactory, defaults: workspaces.WorkspaceSettings, *,
                 clock: Callable[[], datetime], leader: Leader, catch_up: bool = True):
        self.scheduler, self.sessions, self.defaults = scheduler, sessions, defaults
        self.clock, self.leader, self.catch_up = clock, leader, catch_up
        self.leading = False
        self.schedules: dict[str, tuple[str, str]] = {}  # team -> (schedule, timezone) its job runs on

    def tick(self) -> None:
        """Every half minute: follow settings changes; on becoming leader, catch up. Never raises."""
        try:
            self.sync()
            leading = self.leader.holds()
            if leading and not self.leading and self.catch_up:
                for team_id in digest.known_teams(self.sessions):
                    for outcome in digest.run_safely(lambda team_id=team_id: digest.catch_up(
                            self.sessions, team_id=team_id, defaults=self.defaults, now=self.clock()),
                            team_id=team_id) or ():
                        log.info("catch-up: %s", outcome.line())
            self.leading = leading
        except Exception:  # the scheduler thread outlives any one failure
            log.exception("digest schedule sync failed")

    def sync_safely(self) -> None:
        try:
            self.sync()
        except Exception:
            log.exception("digest schedule sync failed")

    def sync(self) -> None:
        """One job per known workspace, on the schedule its settings say now."""
        teams = digest.known_teams(self.sessions)
        with self.sessions.reads() as session:
            workspaces.use_defaults(session, self.defaults)
            wanted = {team_id: workspaces.current(session, team_id=team_id) for team_id in teams}
        for team_id, settings in wanted.items():
            schedule = (settings.digest_schedule, settings.timezone)
            if self.schedules.get(team_id) == schedule:
                continue
            try:
                trigger = trigger_for(*schedule)
            except ValueError:  # settings are checked when saved; a bad stored value is logged, never fatal
                log.error("workspace %s has an unusable digest schedule %r", team_id, schedule)
                continue
            self.scheduler.add_job(self.run, trigger, args=(team_id,), id=f"{JOB}:{team_id}", replace_existing=True)
            self.schedules[team_id] = schedule
            log.debug("digest for %s at %s (%s)", team_id, *schedule)
        for team_id in set(self.schedules) - set(wanted):
            self.scheduler.remove_job(f"{JOB}:{team_id}")
            self.schedules.pop(team_id)

    def run(self, team_id: str, now: datetime | None = None) -> digest.Outcome | None:
        """The scheduled digest of one workspace (only the leader posts; the claim keeps it once anyway)."""
        if not self.leader.holds():
            return None
        outcome = digest.run_safely(lambda: digest.run_digest(
            self.sessions, team_id=team_id, defaults=self.defaults, now=now or self.clock()), team_id=team_id)
        if outcome is not None:
            log.info("digest: %s", outcome.line())
        return outcome
