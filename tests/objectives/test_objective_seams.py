"""What objectives hand the others: the digest's c2 input (status and trend, fixed statement count), the
manual-value reminder (once per period), the `Objectives` sheet, and `/qms mine`."""
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.qms.inputs import Period
from bot.qms.objectives import digest, export, records, reminders
from bot.qms.sheets import Window
from bot.qms.workspaces import WorkspaceSettings
from tests.support.queries import Statements
from tests.support.seed import TEAM, Seed

NOW = datetime(2030, 3, 18, 9, tzinfo=UTC)
PERIOD = Period(NOW - timedelta(days=7), NOW)
SET_UP = datetime(2029, 10, 1, tzinfo=UTC)


def seed(session_factory, copies: int = 1):
    with session_factory.begin() as session:
        seeded = Seed(session)
        for _ in range(copies):
            seeded.feedback(5, NOW.replace(day=2))
            seeded.feedback(3, NOW.replace(month=2, day=2))
            seeded.objective("csat_average", 4.5, created_at=SET_UP)
            seeded.objective("manual", 90, direction="at_least", unit="%", created_at=SET_UP)


def test_c2_shows_every_objective_with_value_target_status_and_trend(session_factory):
    seed(session_factory)
    with session_factory() as session:
        group = digest.review_input(session, team_id=TEAM, period=PERIOD, now=NOW, settings=WorkspaceSettings())
        records.record_value(session, team_id=TEAM, record_id="OBJ-4", period_start=date(2030, 2, 1), value=80,
                             actor="U_BOB", is_manager=False, now=NOW)
        session.commit()
        later = digest.review_input(session, team_id=TEAM, period=PERIOD, now=NOW, settings=WorkspaceSettings())
    csat, manual = group.figures
    assert csat.label == "OBJ-3 Objective 3 (target ≥ 4.5/5)"
    assert (csat.value, csat.trend) == (5.0, (3.0, None, None, None))
    assert later.figures[1].trend[0] == 80
    stands = {item.record_id: item.note for item in later.lists[0].items}
    assert stands["OBJ-3"] == "met: 5/5 in Mar 2030; before: missed, not measured, not measured, not measured"
    assert stands["OBJ-4"].startswith("not measured: not measured yet in Mar 2030; before: missed")


def test_c2_without_objectives_says_so(session_factory):
    with session_factory() as session:
        assert "/qms objective" in digest.review_input(session, team_id=TEAM, period=PERIOD, now=NOW).note


@pytest.mark.parametrize("copies", [1, 5])
def test_c2_issues_the_same_statements_whatever_the_number_of_objectives(session_factory, engine, copies):
    seed(session_factory, copies)
    with session_factory() as session, Statements(engine) as statements:
        digest.review_input(session, team_id=TEAM, period=PERIOD, now=NOW, settings=WorkspaceSettings())
    assert statements.count == 3  # objectives, CSAT by month, manual values


def test_a_manual_measure_is_asked_for_once_its_period_ended_until_its_value_is_in(session_factory):
    seed(session_factory)
    with session_factory() as session:
        [due] = reminders.reminders_due(session, team_id=TEAM, now=NOW, settings=WorkspaceSettings())
        assert (due.person, due.kind, due.item.record_id) == ("U_BOB", "objective_update", "OBJ-4@2030-02-01")
        assert due.since == datetime(2030, 3, 1, tzinfo=UTC) and due.extra["value"] == "OBJ-4|2030-02-01"
        records.record_value(session, team_id=TEAM, record_id="OBJ-4", period_start=date(2030, 2, 1), value=95,
                             actor="U_BOB", is_manager=False, now=NOW)
        session.commit()
        assert reminders.reminders_due(session, team_id=TEAM, now=NOW, settings=WorkspaceSettings()) == []


def test_the_objectives_sheet_has_a_row_per_objective(session_factory):
    seed(session_factory)
    with session_factory() as session:
        window = Window(TEAM, until=NOW)
        assert export.SHEET.count(session, window) == 2
        rows = list(export.SHEET.rows(session, window))
    assert [row[0] for row in rows] == ["OBJ-3", "OBJ-4"] and all(len(r) == len(export.SHEET.columns) for r in rows)
    assert rows[0][5:9] == ("≥ 4.5/5", "Mar 2030", "5/5", "met")


def test_mine_lists_the_objectives_someone_owns(session_factory, slack):
    seed(session_factory)
    text = json.dumps(slack.command("mine", user="U_BOB").json()["blocks"], ensure_ascii=False)
    assert "Quality objectives you own" in text and "OBJ-3" in text and "target ≥ 4.5/5" in text
