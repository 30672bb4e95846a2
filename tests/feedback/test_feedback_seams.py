"""What feedback and response times hand the others: the digest's c1 input (fixed statement count), the
`Customer feedback` sheet, and `/qms mine`."""
import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.qms.feedback import digest, export
from bot.qms.inputs import InputGroup, Period
from bot.qms.sheets import Window
from bot.qms.workspaces import WorkspaceSettings
from tests.support.queries import Statements
from tests.support.seed import TEAM, Seed

NOW = datetime(2030, 3, 18, 9, tzinfo=UTC)  # a Monday morning: the digest of the week before
WEEK = timedelta(days=7)
PERIOD = Period(NOW - WEEK, NOW, tuple((NOW - WEEK * (n + 1), NOW - WEEK * n) for n in range(1, 5)))
SETTINGS = WorkspaceSettings(customer_channels=("C_ACME", "C_BETA"), response_target_hours=4)


def seed_week(session_factory, scale: int = 1):
    with session_factory.begin() as session:
        seed = Seed(session)
        for n in range(scale):
            for score in (5, 4, 1):
                seed.feedback(score, NOW - timedelta(days=2), customer="Acme", raised_nc="NC-1" if score == 1 else None)
            seed.feedback(2, NOW - timedelta(days=3), customer=f"Beta {n}")
            seed.feedback(4, NOW - WEEK - timedelta(days=1), customer="Acme")        # the week before
            for minutes in (10, 20, 30, 40, 600):
                seed.customer_message(NOW - timedelta(days=2), waited=minutes * 60)
            seed.customer_message(NOW - timedelta(days=3))                              # waiting since Friday
            seed.customer_message(NOW - timedelta(days=2), channel="C_BETA", waited=3600)


def c1(session_factory) -> InputGroup:
    with session_factory() as session:
        return digest.review_input(session, team_id=TEAM, period=PERIOD, now=NOW, settings=SETTINGS)


def test_c1_counts_averages_trends_customers_low_scores_and_response_times(session_factory):
    seed_week(session_factory)
    group = c1(session_factory)
    assert (group.key, group.note) == ("c1", None)
    figures = {figure.label: figure for figure in group.figures}
    assert figures["Feedback received"].value == 4 and figures["Feedback received"].trend == (1, 0, 0, 0)
    average = figures["Average score, CSAT (1–5)"]
    assert (average.value, average.trend) == (3.0, (4.0, None, None, None))
    assert figures["Acme: average of 3 responses"].value == pytest.approx(3.33)
    assert not any(label.startswith("Beta") for label in figures)  # fewer than three responses
    assert figures["#C_ACME: median first response, working hours"].value == 0.5
    assert figures["#C_ACME: 90th percentile, working hours"].value == 10.0
    assert figures["#C_ACME: unanswered past 4 working hours"].value == 1
    assert figures["#C_BETA: median first response, working hours"].value == 1.0
    [lows] = group.lists
    assert [(item.record_id, item.note) for item in lows.items] == [("FB-3", "NC-1 raised"),
                                                                   ("FB-4", "no nonconformance raised")]
    assert InputGroup.from_json(json.loads(json.dumps(group.to_json()))) == group


def test_c1_is_quiet_without_feedback_or_customer_channels(session_factory):
    with session_factory() as session:
        group = digest.review_input(session, team_id=TEAM, period=PERIOD, now=NOW, settings=WorkspaceSettings())
    assert group.note == "Quiet: no customer feedback was logged this period."


@pytest.mark.parametrize("scale", [1, 6])
def test_c1_issues_the_same_statements_whatever_the_number_of_records(session_factory, engine, scale):
    seed_week(session_factory, scale)
    with session_factory() as session, Statements(engine) as statements:
        digest.review_input(session, team_id=TEAM, period=PERIOD, now=NOW, settings=SETTINGS)
    assert statements.count == 6  # scores by week, customers, low scores, percentiles, unanswered, names


def test_the_customer_feedback_sheet_streams_one_row_per_record(session_factory):
    seed_week(session_factory)
    window = Window(TEAM, since=NOW - WEEK, until=NOW)
    with session_factory() as session:
        assert export.SHEET.count(session, window) == 4
        rows = list(export.SHEET.rows(session, window))
    assert len(rows) == 4 and all(len(row) == len(export.SHEET.columns) for row in rows)
    assert rows[2][:4] == ("FB-3", rows[2][1], "Acme", 1) and rows[2][8] == "NC-1"
    assert export.SHEET.name == "Customer feedback"


def test_mine_lists_the_feedback_someone_logged(feedback_flow, slack):
    feedback_flow.log(score="1")
    body = slack.command("mine", user="U_ALICE").json()
    text = json.dumps(body["blocks"])
    assert "Customer feedback you logged" in text and "FB-1" in text and "Low score" in text
    assert "FB-1" not in json.dumps(slack.command("mine", user="U_BOB").json()["blocks"])
