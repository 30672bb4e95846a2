"""Inbound sends Slack's requests as Slack does: signed, each ack timed against 3 s (scaled down
here), events retried on failure or a late ack — with Slack's headers — and dropped after three retries."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.sandbox.slack import Inbound
from bot.sandbox.slack.targets import Answer, HttpTarget
from tests.support.process import free_port

SECRET = "inbound-secret"
WAITS = (0.0, 0.01, 0.02)  # Slack's ~0 s, ~1 min, ~5 min, scaled


class App:
    """A target that answers from a script (status per attempt) and keeps what it was sent."""

    def __init__(self, *statuses: int, hold: threading.Event | None = None, headers: dict | None = None):
        self.statuses, self.hold, self.headers = list(statuses), hold, headers or {}
        self.requests: list[tuple[dict, dict]] = []
        self.lock = threading.Lock()

    def __call__(self, body: bytes, headers: dict) -> Answer:
        assert SignatureVerifier(SECRET).is_valid(body.decode(), headers["X-Slack-Request-Timestamp"],
                                                  headers["X-Slack-Signature"])
        with self.lock:
            self.requests.append((json.loads(body) if body.startswith(b"{") else {"form": body.decode()}, headers))
            first = len(self.requests) == 1
        if first and self.hold is not None:
            assert self.hold.wait(5), "the test never released the first attempt"
        status = self.statuses.pop(0) if self.statuses else 200
        return Answer(status, b"", self.headers if status >= 300 else {})

    def retry_headers(self) -> list[tuple[str | None, str | None]]:
        return [(h.get("X-Slack-Retry-Num"), h.get("X-Slack-Retry-Reason")) for _, h in self.requests]


@pytest.fixture
def inbound_for(fake_slack):
    made = []

    def make(target, **options) -> Inbound:
        inbound = Inbound(fake_slack, target, signing_secret=SECRET, retry_waits=WAITS, **options)
        made.append(inbound)
        return inbound

    yield make
    for inbound in made:
        inbound.close()


def test_an_event_acked_in_time_is_delivered_once(inbound_for):
    app = App(200)
    delivery = inbound_for(app).deliver({"type": "app_home_opened", "user": "U_ALICE", "tab": "home"})
    assert delivery.outcome == "delivered" and [a.retry_num for a in delivery.attempts] == [0]
    (body, headers), = app.requests
    assert body["event_id"] == delivery.event_id and body["event"]["user"] == "U_ALICE"
    assert "X-Slack-Retry-Num" not in headers


def test_a_failed_event_is_retried_with_slacks_headers_until_acked(inbound_for):
    app = App(500, 503)
    delivery = inbound_for(app).deliver({"type": "app_home_opened", "user": "U_ALICE"})
    assert delivery.outcome == "delivered"
    assert app.retry_headers() == [(None, None), ("1", "http_error"), ("2", "http_error")]
    assert len({body["event_id"] for body, _ in app.requests}) == 1  # the same event each time


def test_an_event_is_dropped_after_three_failed_retries(inbound_for):
    app = App(500, 500, 500, 500, 500)
    inbound = inbound_for(app)
    delivery = inbound.deliver({"type": "app_home_opened", "user": "U_ALICE"})
    assert delivery.outcome == "dropped" and inbound.dropped_events == [delivery]
    assert [h for h, _ in app.retry_headers()] == [None, "1", "2", "3"]  # four attempts, no fifth


def test_no_retry_when_the_app_says_so(inbound_for):
    app = App(500, headers={"x-slack-no-retry": "1"})
    delivery = inbound_for(app).deliver({"type": "app_home_opened", "user": "U_ALICE"})
    assert delivery.outcome == "dropped" and len(app.requests) == 1


def test_a_late_ack_is_retried_at_once_without_waiting_for_the_answer(inbound_for):
    """Slack stops waiting at 3 s (0.05 s here): the retry comes while the first attempt still runs."""
    release = threading.Event()
    app = App(200, 200, hold=release)
    inbound = inbound_for(app, ack_timeout=0.05)
    delivery = inbound.deliver({"type": "app_home_opened", "user": "U_ALICE"})
    assert delivery.outcome == "delivered"
    assert app.retry_headers() == [(None, None), ("1", "http_timeout")]
    assert [(a.failure, a.status) for a in delivery.attempts] == [("http_timeout", None), (None, 200)]
    release.set()
    inbound.settle()
    assert delivery.attempts[0].status == 200  # its answer came, too late to count
    late, = inbound.late_acks
    assert late.kind == "event_callback" and late.seconds > 0.05


def test_a_late_ack_of_a_command_is_recorded(inbound_for):
    release = threading.Event()
    app = App(200, hold=release)
    inbound = inbound_for(app, ack_timeout=0.05)
    threading.Timer(0.1, release.set).start()
    answer = inbound.command("help")
    assert answer.late and answer.seconds > 0.05 and answer.status_code == 200
    assert [(late.kind, late.answer) for late in inbound.late_acks] == [("command", answer)]
    assert not inbound.command("help").late  # the next one is on time


def test_an_unreachable_app_counts_as_connection_failed(inbound_for):
    inbound = inbound_for(HttpTarget(f"http://127.0.0.1:{free_port()}/slack/events", timeout=1))
    delivery = inbound.deliver({"type": "app_home_opened", "user": "U_ALICE"})
    assert delivery.outcome == "dropped"
    assert [a.failure for a in delivery.attempts] == ["connection_failed"] * 4
    assert [a.reason for a in delivery.attempts] == [None] + ["connection_failed"] * 3


def test_the_http_target_posts_to_a_request_url(inbound_for):
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            seen.append((self.path, self.rfile.read(int(self.headers["Content-Length"])), dict(self.headers)))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"response_type": "ephemeral", "text": "hi"}')

        def log_message(self, *args):
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Handler) as server:
        threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
        try:
            inbound = inbound_for(HttpTarget(f"http://127.0.0.1:{server.server_port}/slack/events"))
            answer = inbound.command("help", user="U_BOB", channel="C_QUALITY")
        finally:
            server.shutdown()
    assert answer.status_code == 200 and answer.json()["text"] == "hi" and not answer.late
    (path, body, headers), = seen
    assert path == "/slack/events" and b"user_id=U_BOB" in body and b"channel_name=quality" in body
    assert SignatureVerifier(SECRET).is_valid(body.decode(), headers["X-Slack-Request-Timestamp"],
                                              headers["X-Slack-Signature"])
