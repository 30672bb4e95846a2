"""The working-days setting (environment default, /qms settings field and its errors) and the DM's shape:
escaped titles, long groups summarised, within Block Kit's limits (the fake Slack checks what it gets)."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.blocks.reminders import buttons
from bot.blocks.reminders.dm import reminder_dm
from bot.config import ConfigError, load_settings
from bot.qms.inputs import Due, ItemRef
from bot.sandbox.slack.blockkit import message_errors
from models import Workspace
from tests.support.fixtures import MANAGER
from tests.support.queries import open_settings


def test_working_days_are_set_in_the_settings_modal_and_checked(slack, session_factory):
    view = open_settings(slack)
    assert "mon-fri" in json.dumps(view["blocks"])
    answers = dict(timezone="UTC", digest_schedule="mon 09:00", stale_days="14", processes="Sales", managers=[MANAGER])
    refused = slack.submit(view, user=MANAGER, working_days="funday", **answers).json()
    assert refused["response_action"] == "errors" and "mon-fri" in refused["errors"]["working_days"]
    with session_factory() as session:
        assert session.scalars(select(Workspace)).all() == []  # nothing half-stored
    response = slack.submit(view, user=MANAGER, working_days="Sunday-Thursday", **answers)
    assert response.status_code == 200 and response.content in (b"", b"{}")
    with session_factory() as session:
        assert session.get(Workspace, "T111").working_days == "sun-thu"
    again = slack.submit(open_settings(slack), user=MANAGER, working_days="", **answers)
    assert again.content in (b"", b"{}"), again.content
    with session_factory() as session:
        assert session.get(Workspace, "T111").working_days is None  # empty: the environment's default again


def test_the_environment_default_is_checked_at_start_up(monkeypatch):
    monkeypatch.setenv("TRELLIS_WORKING_DAYS", "mon-fri,sat")
    assert load_settings(_env_file=None).trellis_working_days == "mon-sat"
    monkeypatch.setenv("TRELLIS_WORKING_DAYS", "weekdays")
    with pytest.raises(ConfigError, match="TRELLIS_WORKING_DAYS"):
        load_settings(_env_file=None)


def due(kind: str, n: int, title: str = "Jig <!channel> & co") -> Due:
    return Due("U_BOB", kind, ItemRef("nc", f"NC-{n}", title * 7, "U_BOB", n, "note & <b>"),
               datetime(2026, 11, 1, tzinfo=UTC), escalation=n % 2 == 0)


def test_a_long_dm_stays_within_block_kit_limits_and_escapes_what_people_typed(monkeypatch):
    monkeypatch.setitem(buttons.ITEM_BUTTONS, "knowledge_review", lambda item: [
        {"type": "button", "action_id": f"kb_{name}", "text": {"type": "plain_text", "text": label},
         "value": item.item.record_id}
        for name, label in (("true", "Still true"), ("edit", "Edit"), ("retire", "Retire"))])
    kinds = ["overdue_action", "stale_nc", "pending_approval", "review_action", "knowledge_review", "other_kind"]
    groups = [(kind, [due(kind, n) for n in range(300)]) for kind in kinds]
    message = reminder_dm(groups, day=date(2026, 11, 10), links={"NC-1": "https://example.slack.com/x"})
    assert message_errors(message["blocks"]) == [], message_errors(message["blocks"])[:3]
    text = json.dumps(message)
    assert "<!channel>" not in text and "&lt;!channel&gt; &amp; co" in text and "note &amp; &lt;b&gt;" in text
    assert text.count("and 290 more: see `/qms mine`") == 5 and "and 296 more" in text and "Other kind" in text
    assert text.count('"Still true"') == 4 and text.count('"Snooze 1 day"') == 6
    assert "<https://example.slack.com/x|NC-1>" in text
