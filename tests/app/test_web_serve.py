"""`trellis serve` as Slack (and anyone else) meets it: a real child process behind uvicorn,
talking to the fake Slack. Raw sockets where a client library would hide what is sent."""
import hashlib
import hmac
import socket
import subprocess
import time

import httpx
import pytest

from bot.sandbox.slack import requests as sr
from tests.support.fixtures import SIGNING_SECRET
from tests.support.process import TRELLIS, env, free_port, wait_for_health

MARK = "BODY-MARK-7f3a"
LIMIT = 1 << 20


@pytest.fixture(scope="module")
def served(tmp_path_factory, _fake_slack_server):
    """(port, log file) of one `trellis serve` for the module, logging at INFO to a file the tests read."""
    folder, port, fake = tmp_path_factory.mktemp("serve"), free_port(), _fake_slack_server
    log = folder / "serve.log"
    variables = env(SLACK_BOT_TOKEN=fake.bot_token, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                    SLACK_API_URL=fake.base_url, DATABASE_URL=f"sqlite:///{folder}/serve.db", TRELLIS_LOG_LEVEL="INFO")
    with log.open("w") as output:
        process = subprocess.Popen([*TRELLIS, "serve", "--host", "127.0.0.1", "--port", str(port)], cwd=folder,
                                   env=variables, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for_health(port, process)
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def exchange(port: int, head: str, *chunks: bytes) -> bytes:
    """Send a request head and whatever body chunks, then read the answer's status line and headers."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head.encode() + b"\r\n")
        try:
            for chunk in chunks:
                connection.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before taking the rest: the answer is still there to read
        answer = b""
        while b"\r\n\r\n" not in answer:
            try:
                data = connection.recv(65536)
            except ConnectionResetError:
                break
            if not data:
                break
            answer += data
        return answer


def ask_for_help(port: int, fake) -> dict:
    body = sr.slash_command_body(text="help", trigger_id=fake.new_trigger_id(), response_url=fake.new_response_url())
    answer = httpx.post(f"http://127.0.0.1:{port}/slack/events", content=body,
                        headers={"Content-Type": "application/x-www-form-urlencoded",
                                 **sr.signed_headers(body, SIGNING_SECRET)})
    assert answer.status_code == 200
    return answer.json()


def test_an_announced_oversized_body_is_413_before_a_byte_of_it_is_sent(served):
    port, _log = served
    head = f"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: {8 * LIMIT}\r\n"
    answer = exchange(port, head)
    assert answer.startswith(b"HTTP/1.1 413") and b"connection: close" in answer.lower()


def test_a_chunked_body_is_413_as_soon_as_it_passes_the_limit(served):
    """The client stops sending just past the limit and waits: the answer must not need the rest."""
    port, _log = served
    head = ("POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nX-Slack-Request-Timestamp: {int(time.time())}\r\n"
            "X-Slack-Signature: v0=00\r\n")
    piece = (MARK + "x" * (65536 - len(MARK))).encode()
    chunks = [b"%x\r\n%s\r\n" % (len(piece), piece)] * (LIMIT // len(piece) + 1)
    assert exchange(port, head, *chunks).startswith(b"HTTP/1.1 413")


def test_odd_timestamps_reach_nobody_and_nothing_is_logged(served, fake_slack):
    port, log = served
    ask_for_help(port, fake_slack)  # Bolt's first request asks Slack who the bot is (auth.test)
    fake_slack.clear_calls()
    started = len(log.read_text())  # start-up's own lines (each migration, each scheduled job) are not at issue
    body = sr.interactive_body(sr.block_actions_payload(
        action_id="nc_step_investigate", value=MARK, user_id="U_ALICE", channel_id="C_GENERAL",
        message_ts="1700000000.000100", trigger_id=fake_slack.new_trigger_id(),
        response_url=fake_slack.new_response_url()))
    for timestamp in ("abc", "1e9", "12.5", ""):
        digest = hmac.new(SIGNING_SECRET.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": timestamp,
                   "X-Slack-Signature": f"v0={digest}"}
        assert httpx.post(f"http://127.0.0.1:{port}/slack/events", content=body, headers=headers).status_code == 401
    unsigned = (MARK * 1000).encode()
    assert httpx.post(f"http://127.0.0.1:{port}/slack/events", content=unsigned).status_code == 401
    assert fake_slack.calls == []
    assert ask_for_help(port, fake_slack)["response_type"] == "ephemeral"  # and it still serves
    output = log.read_text()
    assert MARK not in output and "Traceback" not in output and len(output) - started < 2000, output


def test_uvicorn_runs_on_uvloop_and_httptools_and_falls_back_without_them(monkeypatch):
    from bot import serve

    assert {serve.server_options()[k] for k in ("loop", "http")} == {"uvloop", "httptools"}
    monkeypatch.setattr(serve, "find_spec", lambda _name: None)  # neither installed (e.g. uvloop on Windows)
    assert {serve.server_options()[k] for k in ("loop", "http")} == {"asyncio", "h11"}
