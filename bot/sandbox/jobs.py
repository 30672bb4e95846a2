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


def _digest_said(outcomes) -> str:
    outcome = next((o for o in outcomes or () if getattr(o, "team_id", None) == TEAM_ID), None)
    if outcome is None:
        return ""
    if outcome.problem:
        return outcome.problem
    if outcome.already:
        return f"{outcome.already} was already posted for this period"
    return f"it posted {outcome.record_id} in the digest channel"


def _reminders_said(queued) -> str:
    count = (queued or {}).get(TEAM_ID, 0) if isinstance(queued, Mapping) else 0
    if count:
        return f"{count} reminder DM{'s' if count != 1 else ''} sent"
    return ("nothing new was due (reminders go on working days, 09:00–17:30 in each person's timezone, "
            "once a day per item)")


SAID: dict[str, Callable[[object], str]] = {"digest": _digest_said, "reminders": _reminders_said}


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
            result = job(now)
        except Exception:  # a job's failure is logged and said; the sandbox keeps running
            log.exception("sandbox job %s failed", name)
            return f"{label} failed: see the sandbox's log."
        said = SAID[name](result) if name in SAID else ""  # what the page tells the person it did
        return f"{label} ran at {now:%a %d %b %H:%M} UTC" + (f": {said}." if said else ".")

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

