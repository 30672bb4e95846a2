"""The digest's schedule: the workspace's local time across daylight-saving changes, settings changes
without a restart, missed digests caught up, one leader on PostgreSQL, and one post whoever runs it."""
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot import digest
from bot.db import make_engine, make_session_factory
from bot.digest_jobs import trigger_for
from bot.leader import Leader
from bot.qms import workspaces
from bot.qms.reviews.periods import fire_at_or_before, period_ending
from bot.scheduler import build_scheduler
from models import AuditEvent, DigestPost
from models.types import utcnow
from tests.reviews.seed import DEFAULTS, NOW, digest_messages, nc
from tests.support.factories import TEAM
from tests.support.fixtures import MANAGER
from tests.support.queries import open_settings

DST_WEEKS = [  # (zone, the Monday after the change, its 09:00 in UTC, the Monday before's 09:00 in UTC)
    ("Europe/London", datetime(2026, 10, 26, 9, tzinfo=UTC), datetime(2026, 10, 19, 8, tzinfo=UTC)),
    ("Europe/London", datetime(2026, 3, 30, 8, tzinfo=UTC), datetime(2026, 3, 23, 9, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 11, 2, 14, tzinfo=UTC), datetime(2026, 10, 26, 13, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 3, 9, 13, tzinfo=UTC), datetime(2026, 3, 2, 14, tzinfo=UTC)),
]


@pytest.mark.parametrize("zone, after, before", DST_WEEKS)
def test_the_digest_stays_at_local_time_across_daylight_saving_changes(zone, after, before):
    trigger = trigger_for("mon 09:00", zone)
    assert trigger.get_next_fire_time(None, before + timedelta(minutes=1)).astimezone(UTC) == after
    assert fire_at_or_before("mon 09:00", zone, after + timedelta(days=3)) == after
    period = period_ending("mon 09:00", zone, after)
    assert (period.start, period.end) == (before, after)  # 167 or 169 hours: still one local week
    assert period.previous[0][1] == before and len(period.previous) == 4


def test_a_schedule_changed_in_settings_moves_the_job_without_a_restart(settings, session_factory, slack):
    with session_factory.begin() as session:
        nc(session, at=NOW)  # the workspace is known to Trellis
    scheduler = build_scheduler(settings, session_factory, reconcile=lambda: None, catch_up=False)
    scheduler.start(paused=True)  # a running scheduler (its jobs never fire in this test)
    job = scheduler.get_job(f"digest:{TEAM}")
    assert str(job.trigger) == str(trigger_for("mon 09:00", "UTC"))
    view = open_settings(slack)
    answer = slack.submit(view, user=MANAGER, timezone="America/New_York", digest_schedule="Friday 16:30",
                          stale_days="14", processes="Sales")
    assert answer.content in (b"", b"{}"), answer.content
    bad = slack.submit(open_settings(slack), user=MANAGER, timezone="Mars/Olympus", digest_schedule="fri 25:00",
                       stale_days="14", processes="Sales").json()
    assert set(bad["errors"]) == {"timezone", "digest_schedule"}
    scheduler.trellis_digests.tick()
    job = scheduler.get_job(f"digest:{TEAM}")
    assert str(job.trigger) == str(trigger_for("fri 16:30", "America/New_York"))
    scheduler.shutdown(wait=False)
    scheduler.trellis_leader.release()


def test_a_missed_digest_is_posted_late_and_older_misses_are_recorded(session_factory, slack, fake_slack):
    with session_factory.begin() as session:
        nc(session, at=NOW - timedelta(weeks=2, hours=1))  # the workspace began then
    outcomes = digest.catch_up(session_factory, team_id=TEAM, defaults=DEFAULTS, now=NOW + timedelta(hours=5))
    assert [outcome.record_id for outcome in outcomes] == ["DIG-2026-11-30"]
    slack.flush()
    [message] = digest_messages(fake_slack)
    assert "posted late" in str(message["blocks"][1]) and message["metadata"]["event_payload"]["late"] is True
    with session_factory() as session:
        posts = session.scalars(select(DigestPost).order_by(DigestPost.period_end)).all()
        events = session.scalars(select(AuditEvent.action).where(AuditEvent.record_type == "digest")).all()
    assert [(post.record_id, post.trigger) for post in posts] == [
        ("DIG-2026-11-16", "missed"), ("DIG-2026-11-23", "missed"), ("DIG-2026-11-30", "catch_up")]
    assert sorted(events) == ["digest.missed", "digest.missed", "digest.posted"]
    assert digest.catch_up(session_factory, team_id=TEAM, defaults=DEFAULTS, now=NOW + timedelta(hours=6)) == []


def test_two_instances_running_the_digest_at_once_post_it_once(db_url, session_factory, slack, fake_slack):
    with session_factory.begin() as session:
        nc(session, at=NOW - timedelta(days=1))
    engines = [make_engine(db_url) for _ in range(2)]
    outcomes, start = [], threading.Barrier(2)

    def instance(engine):
        start.wait()
        outcomes.append(digest.run_digest(make_session_factory(engine), team_id=TEAM, defaults=DEFAULTS, now=NOW))

    threads = [threading.Thread(target=instance, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    slack.flush()
    assert sorted(bool(outcome.record_id) for outcome in outcomes) == [False, True]
    assert len(digest_messages(fake_slack)) == 1


def postgres_only(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("leader election is PostgreSQL's (SQLite is one process, always the leader)")


def test_one_leader_and_another_takes_over_when_it_dies(db_url, engine):
    postgres_only(db_url)
    first, second = Leader(make_engine(db_url)), Leader(make_engine(db_url))
    try:
        assert first.holds() and not second.holds()
        first._connection.invalidate()  # the leader's process died: its connection is gone, so is its lock
        first._connection = None
        first.always = False
        deadline = time.monotonic() + 10  # the database notices the closed connection and frees the lock
        while not second.holds() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert second.holds() and not Leader(make_engine(db_url)).holds()
    finally:
        first.release()
        second.release()


def test_two_real_scheduler_instances_post_the_digest_once(db_url, settings, session_factory, slack, fake_slack):
    """Both instances schedule the workspace's digest for the next minute; only one posts it."""
    postgres_only(db_url)
    due = (utcnow() + timedelta(minutes=1)).replace(second=0, microsecond=0)
    with session_factory.begin() as session:
        nc(session, at=utcnow() - timedelta(hours=1))
        workspaces.update_settings(session, team_id=TEAM, actor=MANAGER, now=utcnow(),
                                   changes={"digest_schedule": f"{due:%a} {due:%H:%M}".lower(), "timezone": "UTC"})
    engines = [make_engine(db_url) for _ in range(2)]
    schedulers = [build_scheduler(settings, make_session_factory(engine), reconcile=lambda: None, catch_up=False)
                  for engine in engines]
    try:
        for scheduler in schedulers:
            scheduler.start()
        deadline = time.monotonic() + 100
        while time.monotonic() < deadline and not _claimed(session_factory):
            time.sleep(0.5)
        time.sleep(2)  # the other instance's chance to post twice, had it one
        leaders = [scheduler.trellis_leader._connection is not None for scheduler in schedulers]
    finally:
        for scheduler in schedulers:
            scheduler.shutdown(wait=True)
            scheduler.trellis_leader.release()
        for engine in engines:
            engine.dispose()
    slack.flush()
    assert len(digest_messages(fake_slack)) == 1
    assert sorted(leaders) == [False, True]


def _claimed(session_factory) -> bool:
    with session_factory() as session:
        return session.scalars(select(DigestPost)).first() is not None


def test_a_period_recorded_as_missed_can_still_be_posted_by_hand(session_factory, slack, fake_slack):
    with session_factory.begin() as session:
        nc(session, at=NOW - timedelta(weeks=3))
    digest.catch_up(session_factory, team_id=TEAM, defaults=DEFAULTS, now=NOW + timedelta(hours=25))
    outcome = digest.run_digest(session_factory, team_id=TEAM, defaults=DEFAULTS, now=NOW + timedelta(hours=25),
                                trigger="manual")
    assert outcome.record_id == "DIG-2026-11-30-2"
    slack.flush()
    assert "posted late" in str(digest_messages(fake_slack)[0]["blocks"][1])
