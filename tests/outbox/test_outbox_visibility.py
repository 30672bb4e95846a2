"""What an operator sees of the outbox: `trellis outbox`, `trellis outbox retry`, and /healthz."""
from datetime import timedelta

from starlette.testclient import TestClient

from bot.outbox.delivery import deliver_due
from bot.runtime import prepare
from bot.web import create_web_app
from models.types import utcnow
from tests.support.outbox import client_for, queue, rows
from tests.support.process import trellis


def test_outbox_lists_pending_and_failed_and_retry_requeues(tmp_path, db_url, session_factory, fake_slack):
    an_hour_ago = utcnow() - timedelta(hours=1)
    queue(session_factory, "lost", key="NC-1", channel="C_GONE", now=an_hour_ago)
    queue(session_factory, "waiting", key="NC-2", now=an_hour_ago)
    fake_slack.fail("chat.postMessage", error="channel_not_found")
    fake_slack.fail("chat.postMessage", status=503)
    deliver_due(session_factory, client_for(fake_slack), now=an_hour_ago)
    shown = trellis("outbox", cwd=tmp_path, DATABASE_URL=db_url)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("pending: 1, oldest 1h ago") and lines[0].endswith("last error: HTTP 503")
    assert "NC-2 chat.postMessage attempts 1" in lines[1]
    assert lines[2].startswith("failed: 1, oldest 1h ago") and lines[2].endswith("last error: channel_not_found")
    assert "NC-1 chat.postMessage attempts 1  channel_not_found" in lines[3]

    retried = trellis("outbox", "retry", cwd=tmp_path, DATABASE_URL=db_url)
    assert retried.returncode == 0 and retried.stdout.strip() == "re-queued 1 failed delivery"
    assert [r.status for r in rows(session_factory)] == ["pending", "pending"]
    assert "failed: 0" in trellis("outbox", cwd=tmp_path, DATABASE_URL=db_url).stdout


def test_outbox_with_a_database_that_does_not_answer_is_one_line(tmp_path):
    result = trellis("outbox", cwd=tmp_path, DATABASE_URL="postgresql://x@127.0.0.1:1/db")
    assert result.returncode == 2 and "does not answer" in result.stderr and "Traceback" not in result.stderr


def test_healthz_reports_the_pending_count_and_oldest_age(settings, session_factory, fake_slack):
    queue(session_factory, "one", now=utcnow() - timedelta(minutes=5))
    queue(session_factory, "two", key="NC-2")
    runtime = prepare(settings, needs=("slack_signing_secret",))
    try:
        web_app = create_web_app(runtime.app, runtime.health, signing_secret=settings.slack_signing_secret)
        with TestClient(web_app) as http:
            response = http.get("/healthz")
    finally:
        runtime.stop()
    body = response.json()
    assert response.status_code == 200 and body["ok"] and body["database"] == "ok"
    assert body["outbox"]["pending"] == 2 and body["outbox"]["failed"] == 0
    assert 300 <= body["outbox"]["oldest_pending_age_seconds"] < 330


def test_healthz_is_503_with_the_reason_when_the_database_stops_answering(settings):
    from dataclasses import replace

    from bot.db import make_engine

    runtime = prepare(settings, needs=("slack_signing_secret",))
    try:
        gone = replace(runtime, engine=make_engine("postgresql://nobody@127.0.0.1:1/none"))  # the server went away
        with TestClient(create_web_app(runtime.app, gone.health, signing_secret=settings.slack_signing_secret)) as http:
            response = http.get("/healthz")
    finally:
        runtime.stop()
    assert response.status_code == 503
    assert response.json()["ok"] is False and "does not answer" in response.json()["database"]
