"""APScheduler wiring only: which job runs when. The jobs themselves live in bot.qms and bot/."""
from __future__ import annotations

from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler

from bot.config import Settings

RECONCILE_EVERY_MINUTES = 15
REMIND_EVERY_MINUTES = 15


def build_scheduler(settings: Settings, session_factory, *, reconcile: Callable[[], object],
                    remind: Callable[[], object] | None = None) -> BackgroundScheduler:
    """A background scheduler in the company's timezone; features add their jobs here."""
    scheduler = BackgroundScheduler(timezone=settings.trellis_timezone,
                                    job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600})
    scheduler.add_job(reconcile, "interval", minutes=RECONCILE_EVERY_MINUTES, id="reconcile-threads")
    if remind is not None:  # the reminder sweep (bot.reminders.ReminderJob): claims make a double run harmless
        scheduler.add_job(remind, "interval", minutes=REMIND_EVERY_MINUTES, id="reminders")
    return scheduler
