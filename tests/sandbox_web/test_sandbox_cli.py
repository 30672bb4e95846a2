"""`trellis sandbox` as an operator runs it: one line for what is wrong, the URL when it is up."""
from __future__ import annotations

import socket

import httpx

from tests.support.process import free_port, start, trellis


def test_a_busy_port_is_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = trellis("sandbox", "--port", str(port), "--db", str(tmp_path / "s.db"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"trellis: port {port} on 127.0.0.1 is in use: stop what uses it, or pick "
                                     f"another with --port (e.g. --port {port + 1})")


def test_other_machines_only_when_asked(tmp_path):
    result = trellis("sandbox", "--host", "0.0.0.0", cwd=tmp_path)
    assert result.returncode == 2 and "--allow-remote" in result.stderr and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "sandbox.db").exists()


def test_it_starts_with_no_environment_and_prints_its_url(tmp_path):
    port = free_port()
    process = start("sandbox", "--port", str(port), cwd=tmp_path)
    try:
        line = ""
        while "Open http" not in line:
            line = process.stdout.readline()
            assert line, "trellis sandbox exited"
        assert line.split()[1] == f"http://127.0.0.1:{port}/"
        url = f"http://127.0.0.1:{port}/"
        assert "not connected to Slack" in httpx.get(url, timeout=5).text
        assert (tmp_path / "sandbox.db").exists()
        httpx.post(f"{url}api/message", json={"user": "U_ALICE", "channel": "C_GENERAL", "text": "/qms nc"}, timeout=10)
        modal = httpx.get(f"{url}api/state", params={"user": "U_ALICE"}, timeout=10).json()["modal"]
        httpx.post(f"{url}api/submit", timeout=10, json={"user": "U_ALICE", "view_id": modal["id"], "values": {
            "title": "Broken jig", "severity": "minor", "process": "Sales", "source": "internal"}})
    finally:
        process.terminate()
        process.wait(20)
    assert process.returncode == 0  # SIGTERM is a clean stop: the sandbox wrote what it had
    demo = trellis("sandbox", "--port", str(free_port()), "--demo", cwd=tmp_path)  # the records are there now
    assert demo.returncode == 2 and "--demo needs an empty database" in demo.stderr
