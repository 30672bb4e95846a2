"""The audit trail checked in a second process, so that `trellis audit verify` and the workbook use both
cores: `process_walker` walks the chain, then replays a share of the records, while verify replays the
others (verification's `walker`); `process_verifier` runs the whole verify while the workbook's sheets
are written.

The second process opens its own snapshot, a moment later than ours, and checks the chain only up to
the head our snapshot holds. Below that the trail cannot change (it is append-only, its triggers
refuse anything else), so both see the same events; a trail rewritten around the triggers in that
moment is caught by the next run, as it would be by a run that started a moment later.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bot.db import make_engine, make_session_factory, snapshot
from bot.qms.audit import replaying
from bot.qms.audit.chain import audit_key
from bot.qms.audit.verification import Head, Verdict, Walker, verify
from bot.qms.audit.walk import Walked, walk
from bot.qms.export.workbook import Verifier


def process_walker(database_url: str) -> Walker | None:
    """A walker for `audit.verify`, or None where a second process would not help."""
    if not _helps(database_url):
        return None
    return lambda **arguments: _started(_walk, database_url, arguments)


def process_verifier(database_url: str, audit_key: bytes | None) -> Verifier | None:
    """`start(team_id=, as_of=Head)`: verify in a second process; returns the function that waits for
    its Verdict. None where a second process would not help."""
    if not _helps(database_url):
        return None
    return lambda *, team_id, as_of: _started(_verify, database_url, audit_key, team_id, tuple(as_of))


def verifier_for(session: Session) -> Verifier | None:
    """`process_verifier` on the database and key `session` uses (the workbook's)."""
    return process_verifier(session.get_bind().url.render_as_string(hide_password=False), audit_key(session))


def _helps(database_url: str) -> bool:
    """Two cores, and a database the second process can open (not an in-memory SQLite)."""
    url = make_url(database_url)
    return (os.cpu_count() or 1) >= 2 and not (url.get_backend_name() == "sqlite"
                                               and url.database in (None, "", ":memory:"))


def _started(function: Callable, *arguments) -> Callable[[], object]:
    # spawn, not fork: the bot's threads (and their connections) must not be copied mid-flight
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    running = pool.submit(function, *arguments)

    def result():
        try:
            return running.result()
        finally:
            pool.shutdown()

    return result


def _walk(database_url: str, arguments: dict) -> tuple[Walked, tuple | None]:
    split = arguments.pop("split")
    with _snapshot(database_url, None) as session:
        walked = walk(session, **arguments)
        if walked.reason:  # the verdict is the break: no replay needed
            return walked, None
        return walked, replaying.check(session, team_id=arguments["team_id"], split=split, rest=True)


def _verify(database_url: str, audit_key: bytes | None, team_id: str, as_of: tuple) -> Verdict:
    with _snapshot(database_url, audit_key) as session:
        return verify(session, team_id=team_id, as_of=Head(*as_of))


@contextmanager
def _snapshot(database_url: str, audit_key: bytes | None) -> Iterator[Session]:
    """A read-only snapshot on an engine of the second process's own."""
    engine = make_engine(database_url)
    try:
        with snapshot(make_session_factory(engine, audit_key=audit_key)) as session:
            yield session
    finally:
        engine.dispose()
