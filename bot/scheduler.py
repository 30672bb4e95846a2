"""APScheduler wiring only: which job runs when. The jobs themselves live in bot.qms and bot/."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from bot.config import Settings, workspace_defaults
from bot.digest_jobs import SYNC_SECONDS, DigestJobs
from bot.leader import Leader, leader_only
from models.types import utcnow

RECONCILE_EVERY_MINUTES = 15
REMIND_EVERY_MINUTES = 15


def build_scheduler(settings: Settings, session_factory, *, reconcile: Callable[[], object],
                    clock: Callable[[], datetime] = utcnow, catch_up: bool = True,
                    remind: Callable[[], object] | None = None) -> BackgroundScheduler:
    """A background scheduler in the company's timezone; features add their jobs here. `digests` (the
    per-workspace digest jobs) hangs on it for the runtime and the sandbox."""
    # The digest's settings sync runs every 30 s: APScheduler's line per run and per (re)added job would
    # drown the log. Trellis logs what its jobs did; APScheduler still says when something goes wrong.
    for name in ("apscheduler.scheduler", "apscheduler.executors.default"):
        logging.getLogger(name).setLevel(logging.WARNING)
    scheduler = BackgroundScheduler(timezone=settings.trellis_timezone,
                                    job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600})
    scheduler.add_job(reconcile, "interval", minutes=RECONCILE_EVERY_MINUTES, id="reconcile-threads")
    leader = Leader(session_factory.kw["bind"])
    digests = DigestJobs(scheduler, session_factory, workspace_defaults(settings), clock=clock, leader=leader,
                         catch_up=catch_up)
    digests.sync_safely()
    scheduler.add_job(digests.tick, "interval", seconds=SYNC_SECONDS, id="digest-sync",
                      next_run_time=datetime.now(scheduler.timezone) + timedelta(seconds=1))
    if remind is not None:  # the sweep (bot.reminders.ReminderJob) on the leader; claims keep a double run harmless
        scheduler.add_job(leader_only(leader, remind), "interval", minutes=REMIND_EVERY_MINUTES, id="reminders")
    scheduler.trellis_digests = digests
    scheduler.trellis_leader = leader
    return scheduler
