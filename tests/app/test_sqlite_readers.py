"""On SQLite, reads never queue behind a writer: WAL readers use a deferred transaction, and only
writers take BEGIN IMMEDIATE and this process's write gate."""
from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager

import pytest


@contextmanager
def outside_writer(db_url):
    """Another process's long transaction holding SQLite's write lock (BEGIN IMMEDIATE)."""
    connection = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("UPDATE counter SET value = value")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def answered_within(seconds: float, request) -> object:
    box, done = {}, threading.Event()

    def run():
        box["answer"] = request()
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(seconds), "the read waited for the writer"
    return box["answer"]


def test_mine_and_home_answer_while_another_process_holds_the_write_lock(db_url, make, slack, directory):
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite's write lock")
    make.nc("open")
    slack.command("mine", user="U_ALICE")  # warm: settings and people are cached from here on
    directory.drain()
    with outside_writer(db_url):
        answer = answered_within(3, lambda: slack.command("mine", user="U_ALICE"))
        assert answer.status_code == 200 and "Wrong drawing" in answer.text
        home = answered_within(3, lambda: slack.event({"type": "app_home_opened", "user": "U_ALICE",
                                                       "tab": "home"}))
        assert home.status_code == 200
