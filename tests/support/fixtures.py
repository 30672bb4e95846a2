"""Fixtures: a database per backend, the fake Slack, the app and a Slack-shaped driver.

tests/conftest.py loads them for every test.
"""
from __future__ import annotations

import os

import pytest

from bot.config import Settings
from bot.db import make_engine, make_session_factory
from bot.sandbox.slack.event_delivery import SLACK_RETRY_WAITS
from models.types import utcnow
from tests.support import db as testdb

SIGNING_SECRET = "test-signing-secret"
QUALITY_CHANNEL = "C_QUALITY"
MANAGER = "U_MANAGER"


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory):
    return testdb.sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def _postgres_ready():
    url = os.environ.get(testdb.POSTGRES_ENV)
    if url:
        testdb.reset_postgres(url)
    return url


@pytest.fixture(params=testdb.backends())
def db_url(request, tmp_path, _sqlite_template, _postgres_ready):
    """A migrated, empty database: every test that takes it runs on each backend."""
    if request.param == "sqlite":
        return testdb.fresh_sqlite(_sqlite_template, tmp_path)
    testdb.empty_postgres(_postgres_ready)
    return _postgres_ready


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine):
    return make_session_factory(engine)


@pytest.fixture
def settings(request, db_url, fake_slack) -> Settings:
    """The environment the app runs with; `@pytest.mark.settings(name=value)` changes it for one test."""
    marker = request.node.get_closest_marker("settings")
    return Settings(**{
        "_env_file": None, "slack_bot_token": fake_slack.bot_token, "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": fake_slack.base_url, "database_url": db_url,
        "trellis_quality_channel": QUALITY_CHANNEL, "trellis_managers": [MANAGER], **(marker.kwargs if marker else {}),
    })


@pytest.fixture(scope="session")
def _fake_slack_server():
    from bot.sandbox.slack import FakeSlack

    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def fake_slack(_fake_slack_server):
    _fake_slack_server.reset()
    yield _fake_slack_server
    _fake_slack_server.reset()


@pytest.fixture
def directory(session_factory, fake_slack):
    """What Slack says about people and conversations, cached; `directory.drain()` waits for lookups."""
    from bot.directory import Directory
    from bot.slack import make_client, single_workspace

    found = Directory(session_factory, single_workspace(make_client(fake_slack.bot_token,
                                                                    base_url=fake_slack.base_url)), clock=utcnow)
    yield found
    found.drain()
    found.close()


@pytest.fixture
def app(settings, session_factory, directory):
    from bot.app import create_app

    return create_app(settings, session_factory=session_factory, directory=directory)


# Slack retries a failed event after ~0 s, ~1 min and ~5 min; tests wait the same shape, 6000 times shorter.
TEST_RETRY_WAITS = tuple(wait / 6000 for wait in SLACK_RETRY_WAITS)


@pytest.fixture
def slack(app, fake_slack, engine, session_factory):
    """A SlackDriver sending Slack's signed requests to the real web app, in process (ASGI)."""
    from starlette.testclient import TestClient

    from bot.db import ping
    from bot.sandbox.slack.targets import AsgiTarget
    from bot.web import create_web_app
    from tests.support.driver import SlackDriver

    def health():
        ping(engine)
        return {"database": "ok"}

    def flush():
        from bot.outbox.delivery import deliver_due
        from bot.slack import single_workspace

        return deliver_due(session_factory, single_workspace(app.client), now=utcnow())

    web_app = create_web_app(app, health, signing_secret=SIGNING_SECRET)
    fake_slack.clear_calls()  # the app's start-up auth.test: each test sees only what its requests cause
    with TestClient(web_app) as http, AsgiTarget(web_app) as target:
        driver = SlackDriver(http, fake_slack, SIGNING_SECRET, target, flush=flush, retry_waits=TEST_RETRY_WAITS)
        try:
            yield driver
        finally:
            fake_slack.send_events_to(None)
            driver.close()
