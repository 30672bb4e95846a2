"""Run digest now, Run reminders now, and the jobs the clock passes on its way forward: the scheduler's
own job code, called with the sandbox's clock — never a copy of it.

`JOBS` is the seam: a job's name -> a function of the running Runtime that gives the job as
`callable(now)`. The digest and reminder jobs are being built (`trellis digest`, `trellis remind`);
each lands as one line here, e.g.

    JOBS["digest"] = lambda runtime: lambda now: digest.run_due(runtime.session_factory, ..., now=now)

and when the scheduler has a job with the same id (bot/scheduler.py), moving the clock past that
job's next fire time runs it at that time, once (the scheduler coalesces missed runs too).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from bot import digest
from bot.config import workspace_defaults
from bot.reminders import ReminderJob
from bot.runtime import Runtime
from bot.sandbox.workspace import TEAM_ID

log = logging.getLogger("trellis.sandbox")

Job = Callable[[datetime], object]
JobFactory = Callable[[Runtime], Job]
JOBS: dict[str, JobFactory] = {}
JOBS["digest"] = lambda runtime: lambda now: digest.run_all(runtime.session_factory, now=now, teams=(TEAM_ID,),
                                                            defaults=workspace_defaults(runtime.settings))
_TICK = timedelta(microseconds=1)
SYNC_JOB = "digest-sync"  # bot/scheduler.py: follows settings changes (DigestJobs.tick)
LABELS = {"digest": "The weekly digest", "reminders": "The reminder sweep"}
JOBS["reminders"] = lambda runtime: lambda now: ReminderJob(  # the scheduler's own job, at the sandbox's clock
    runtime.session_factory, workspace_defaults(runtime.settings)).run(now)


class SandboxJobs:
    def __init__(self, runtime: Runtime, factories: Mapping[str, JobFactory] | None = None):
        self.scheduler = runtime.scheduler
        self.jobs: dict[str, Job] = {name: make(runtime) for name, make in (JOBS if factories is None
                                                                             else factories).items()}

    def available(self) -> list[str]:
        return sorted(self.jobs)

    def run(self, name: str, now: datetime) -> str:
        """Run one job now; what the page tells the person."""
        label = LABELS.get(name, name)
        job = self.jobs.get(name)
        if job is None:
            return f"{label} is not available in this version of Trellis yet."
        try:
            job(now)
        except Exception:  # a job's failure is logged and said; the sandbox keeps running
            log.exception("sandbox job %s failed", name)
            return f"{label} failed: see the sandbox's log."
        return f"{label} ran at {now:%a %d %b %H:%M} UTC."

    def passed(self, before: datetime, after: datetime) -> list[str]:
        """The clock moved from `before` to `after`: run each job whose schedule fired in between."""
        self._follow_settings()
        notices = []
        for name in self.available():
            fired = max((moment for job in self._scheduled(name) if (moment := _last_fire(job, before, after))),
                        default=None)
            if fired is not None:
                notices.append(self.run(name, fired))
        return notices

    def _follow_settings(self) -> None:
        """The scheduler re-reads each workspace's digest schedule every 30 s (its `digest-sync` job): read it
        now, so a workspace whose first record is seconds old already has its digest job when the clock moves."""
        sync = self.scheduler.get_job(SYNC_JOB) if self.scheduler is not None else None
        if sync is not None:
            sync.func()

    def _scheduled(self, name: str) -> list:
        """The scheduler's jobs of that name: `name` itself, or one per workspace (`name:<team id>`)."""
        jobs = self.scheduler.get_jobs() if self.scheduler is not None else []
        return [job for job in jobs if job.id == name or job.id.startswith(f"{name}:")]


def _last_fire(job, before: datetime, after: datetime) -> datetime | None:
    fired, moment = None, job.trigger.get_next_fire_time(None, before)
    while moment is not None and moment <= after:
        fired = moment
        moment = job.trigger.get_next_fire_time(moment, moment + _TICK)
    return fired

