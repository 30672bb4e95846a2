"""`trellis audit verify` on two cores: the chain walked in a second process while this one replays the
records (bot.qms.audit.verification's `walker`).

The second process opens its own snapshot, a moment later than ours, and walks only up to the newest
event our snapshot holds. Below that the trail cannot change (it is append-only, its triggers refuse
anything else), so both halves check the same events; a trail rewritten around the triggers in that
moment is caught by the next run, as it would be by a run that started a moment later.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from sqlalchemy.engine import make_url

from bot.qms.audit.walk import Walked


def process_walker(database_url: str) -> Callable[..., Callable[[], Walked]] | None:
    """A walker for `audit.verify`, or None where a second process would not help (one core, or a
    database only this process can see)."""
    url = make_url(database_url)
    if (os.cpu_count() or 1) < 2 or url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None

    def start(**arguments) -> Callable[[], Walked]:
        # spawn, not fork: the bot's threads (and their connections) must not be copied mid-flight
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        walking = pool.submit(_walk, database_url, arguments)

        def walked() -> Walked:
            try:
                return walking.result()
            finally:
                pool.shutdown()

        return walked

    return start


def _walk(database_url: str, arguments: dict) -> Walked:
    from bot.db import make_engine, make_session_factory, snapshot
    from bot.qms.audit.walk import walk

    engine = make_engine(database_url)
    try:
        with snapshot(make_session_factory(engine)) as session:
            return walk(session, **arguments)
    finally:
        engine.dispose()
