"""`trellis run` in Socket Mode: a real child process, a fake Slack and a WebSocket served here."""
import json
import queue

import pytest
from websockets.sync.server import serve

from bot import migrate
from bot.db import make_engine
from bot.sandbox.slack import requests as sr
from tests.support.process import start


@pytest.fixture
def socket_server():
    """A Socket Mode endpoint: says hello, then lets the test send envelopes and read acks."""
    inbox, outbox, connected = queue.Queue(), queue.Queue(), queue.Queue()

    def handler(websocket):
        websocket.send(json.dumps({"type": "hello", "num_connections": 1, "debug_info": {}}))
        connected.put(True)
        while True:
            envelope = outbox.get()
            if envelope is None:
                return
            websocket.send(json.dumps(envelope))
            inbox.put(json.loads(websocket.recv(timeout=10)))

    with serve(handler, "127.0.0.1", 0) as server:
        import threading

        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.socket.getsockname()[1]
        yield f"ws://127.0.0.1:{port}/link", connected, outbox, inbox
        outbox.put(None)
        server.shutdown()


def test_slash_command_over_socket_mode_is_acked_with_help(tmp_path, fake_slack, socket_server):
    url, connected, outbox, inbox = socket_server
    fake_slack.socket_mode_url = url
    database_url = f"sqlite:///{tmp_path}/t.db"  # a new, empty database: `run` migrates it before connecting
    process = start("run", cwd=tmp_path, SLACK_BOT_TOKEN=fake_slack.bot_token, SLACK_APP_TOKEN="xapp-1-test",
                    SLACK_API_URL=fake_slack.base_url, DATABASE_URL=database_url)
    try:
        try:
            connected.get(timeout=30)
        except queue.Empty:
            process.kill()
            pytest.fail(f"trellis run never connected:\n{process.communicate()[0]}")
        form = dict(pair.split("=", 1) for pair in sr.slash_command_body(
            text="help", trigger_id=fake_slack.new_trigger_id(), response_url=fake_slack.new_response_url()).split("&"))
        from urllib.parse import unquote_plus

        payload = {key: unquote_plus(value) for key, value in form.items()}
        outbox.put({"envelope_id": "env-1", "type": "slash_commands", "payload": payload,
                    "accepts_response_payload": True})
        ack = inbox.get(timeout=15)
        assert ack["envelope_id"] == "env-1"
        assert ack["payload"]["response_type"] == "ephemeral" and "/qms nc" in json.dumps(ack["payload"])
        assert len(fake_slack.ok_calls("apps.connections.open")) == 1  # the start-up check's URL is used
        assert migrate.current(make_engine(database_url)) == migrate.head()
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0  # SIGTERM is a clean stop
