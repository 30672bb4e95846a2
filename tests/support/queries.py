"""Small reads and steps many tests share, and a counter of the statements an engine runs."""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, func, select

from models import AuditEvent
from tests.support.fixtures import MANAGER


def count(session_factory, model) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(model))


class Statements:
    """Every statement the engine runs while inside `with`, from any thread: `seen` holds
    (statement, parameters, executemany) — `len(seen)` is how many round trips the database made."""

    CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET")

    def __init__(self, engine):
        self.engine, self.seen, self.texts = engine, [], []

    def _seen(self, _connection, _cursor, statement, parameters, _context, executemany):
        self.seen.append((statement, parameters, executemany))
        self.texts.append(statement)

    @property
    def count(self) -> int:
        """Statements run, not counting transaction control."""
        return sum(1 for text in self.texts if not text.lstrip().upper().startswith(self.CONTROL))

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)

    def reading(self, tables) -> list[tuple[str, object]]:
        """(statement, parameters) of the single SELECTs, UPDATEs and DELETEs that name any of `tables`."""
        return [(statement, parameters) for statement, parameters, executemany in self.seen
                if not executemany and re.match(r"\s*(SELECT|UPDATE|DELETE|WITH)\b", statement, re.I)
                and any(re.search(rf"\b{table}\b", statement) for table in tables)]


def audit_count(session_factory) -> int:
    return count(session_factory, AuditEvent)


def open_settings(slack, user=MANAGER) -> dict:
    """`/qms settings` as `user`: the modal Slack opened."""
    response = slack.command("settings", user=user)
    assert response.status_code == 200
    return slack.last_view()


def forged(view: dict, answers: dict, **forgeries) -> dict:
    """A view's submitted state as a forged submission would carry it: the `answers` filled in as Slack
    would, then a select's value replaced by one the modal never offered."""
    from bot.sandbox.slack import requests as sr

    values = sr.input_values(view, **answers)
    for block_id, value in forgeries.items():
        values[block_id][block_id]["selected_option"] = {"text": {"type": "plain_text", "text": value},
                                                         "value": value}
    return values


@contextmanager
def statements(engine) -> Iterator[list[str]]:
    """The SQL statements `engine` runs inside the block, as text (a list that fills as they run)."""
    with Statements(engine) as counted:
        yield counted.texts
