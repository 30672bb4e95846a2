"""Small reads and steps many tests share."""
from __future__ import annotations

from sqlalchemy import func, select

from models import AuditEvent
from tests.support.fixtures import MANAGER


def count(session_factory, model) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(model))


def audit_count(session_factory) -> int:
    return count(session_factory, AuditEvent)


def open_settings(slack, user=MANAGER) -> dict:
    """`/qms settings` as `user`: the modal Slack opened."""
    response = slack.command("settings", user=user)
    assert response.status_code == 200
    return slack.last_view()
