"""APScheduler wiring only: which job runs when. The jobs themselves live in bot.qms."""
from __future__ import annotations

from apscheduler.schedulers.background import BackgroundScheduler

from bot.config import Settings


def build_scheduler(settings: Settings, session_factory) -> BackgroundScheduler:
    """A background scheduler in the company's timezone; features add their jobs here."""
    scheduler = BackgroundScheduler(timezone=settings.trellis_timezone,
                                    job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600})
    return scheduler
