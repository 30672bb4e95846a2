"""APScheduler wiring only: which job runs when. The jobs themselves live in bot.qms and bot/."""
from __future__ import annotations

from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler

from bot.config import Settings

RECONCILE_EVERY_MINUTES = 15


def build_scheduler(settings: Settings, session_factory, *, reconcile: Callable[[], object]) -> BackgroundScheduler:
    """A background scheduler in the company's timezone; features add their jobs here."""
    scheduler = BackgroundScheduler(timezone=settings.trellis_timezone,
                                    job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600})
    scheduler.add_job(reconcile, "interval", minutes=RECONCILE_EVERY_MINUTES, id="reconcile-threads")
    return scheduler
