"""Each built-in measure on seeded data, on a fixed clock: its value in the current month and the months
before, its status against the target, and a statement count that does not grow with records or objectives."""
import importlib.util
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.qms.objectives.values import AT_RISK, MET, MISSED, NOT_MEASURED, objective_values
from tests.support.queries import Statements
from tests.support.seed import TEAM, Seed

NOW = datetime(2030, 3, 15, 12, tzinfo=UTC)  # March 2030; before it Feb, Jan, Dec, Nov
MARCH, FEBRUARY, JANUARY = NOW.replace(day=4), NOW.replace(month=2, day=6), NOW.replace(month=1, day=8)


def values_of(session_factory, objective_ids=None):
    with session_factory() as session:
        from bot.qms.objectives import records

        objectives = records.active(session, team_id=TEAM)
        found = objective_values(session, team_id=TEAM, objectives=objectives, now=NOW, timezone="Europe/London")
    return {o.record_id: found[o.id] for o in objectives}


def seeded(session_factory, build):
    with session_factory.begin() as session:
        seed = Seed(session)
        build(seed)


def test_average_csat_and_nps(session_factory):
    def build(seed):
        for score in (5, 4, 3):
            seed.feedback(score, MARCH)
        seed.feedback(2, FEBRUARY)
        for score in (10, 9, 8, 3):  # two promoters, one detractor of four
            seed.feedback(score, MARCH, scale="nps")
        seed.objective("csat_average", 4.5)
        seed.objective("nps", 20)

    seeded(session_factory, build)
    csat, nps = values_of(session_factory).values()
    assert [(entry.value, entry.status) for entry in csat[:3]] == [(4.0, AT_RISK), (2.0, MISSED), (None, NOT_MEASURED)]
    assert csat[0].first_day == date(2030, 3, 1) and len(csat) == 5
    assert (nps[0].value, nps[0].status) == (25, MET)


def test_share_of_ncs_closed_within_n_days(session_factory):
    def build(seed):
        seed.nc(MARCH, closed_after=timedelta(days=3))
        seed.nc(MARCH, closed_after=timedelta(days=20))
        seed.nc(MARCH)                                     # still open
        seed.nc(MARCH, status="rejected")                  # not a nonconformance: left out
        seed.nc(FEBRUARY, closed_after=timedelta(days=5))
        seed.objective("ncs_closed_within", 60, days=10)
        seed.objective("ncs_closed_within", 60, days=30)

    seeded(session_factory, build)
    within_10, within_30 = values_of(session_factory).values()
    assert (within_10[0].value, within_10[1].value) == (33.3, 100.0)
    assert (within_30[0].value, within_30[0].status) == (66.7, MET)


def test_overdue_corrective_actions_now_and_at_each_months_end(session_factory):
    def build(seed):
        seed.nc(JANUARY, due=date(2030, 3, 10))                                   # overdue now
        seed.nc(JANUARY, due=date(2030, 2, 1), closed_after=timedelta(days=40))  # overdue in Feb, closed 17 Feb
        seed.nc(JANUARY, due=date(2030, 1, 20), closed_after=timedelta(days=60))  # overdue end Jan, Feb; closed 9 Mar
        seed.nc(JANUARY, due=date(2030, 4, 1))                                    # not due yet
        seed.objective("overdue_actions", 0)

    seeded(session_factory, build)
    [overdue] = values_of(session_factory).values()
    assert [entry.value for entry in overdue[:3]] == [1, 1, 1]
    assert (overdue[0].status, overdue[1].status) == (AT_RISK, MISSED)


def test_median_time_to_decide_approvals_and_median_first_response(session_factory):
    def build(seed):
        for hours in (1, 3, 30):
            seed.approval(MARCH, timedelta(hours=hours))
        seed.approval(MARCH, timedelta(hours=2), status="cancelled")  # not a decision
        for minutes in (30, 60, 600):
            seed.customer_message(MARCH, waited=minutes * 60)
        seed.customer_message(MARCH)  # unanswered: not in the median
        seed.objective("approval_decision_hours", 4)
        seed.objective("first_response_hours", 2)

    seeded(session_factory, build)
    approvals, responses = values_of(session_factory).values()
    assert (approvals[0].value, approvals[0].status) == (3.0, MET)
    assert (responses[0].value, responses[0].status) == (1.0, MET)


def test_knowledge_reviews_overdue_is_not_measured_until_the_knowledge_feature_provides_it(session_factory):
    seeded(session_factory, lambda seed: seed.objective("knowledge_reviews_overdue", 0))
    [knowledge] = values_of(session_factory).values()
    try:
        import bot.qms.knowledge as knowledge_module  # noqa: F401
    except ImportError:
        assert {entry.status for entry in knowledge} == {NOT_MEASURED}


def test_a_quarterly_objective_uses_quarters(session_factory):
    def build(seed):
        seed.feedback(5, JANUARY)
        seed.feedback(3, MARCH)
        seed.feedback(1, NOW.replace(year=2029, month=12))
        seed.objective("csat_average", 4, period="quarter")

    seeded(session_factory, build)
    [quarterly] = values_of(session_factory).values()
    assert [(entry.first_day, entry.value) for entry in quarterly[:2]] == [(date(2030, 1, 1), 4.0),
                                                                          (date(2029, 10, 1), 1.0)]


@pytest.mark.parametrize("scale", [1, 4])
def test_the_statement_count_does_not_grow_with_records_or_objectives(session_factory, engine, scale):
    def build(seed):
        for n in range(10 * scale):
            seed.feedback(1 + n % 5, MARCH)
            seed.nc(MARCH, closed_after=timedelta(days=n), due=date(2030, 3, 1))
            seed.approval(MARCH, timedelta(hours=n + 1))
            seed.customer_message(MARCH, waited=60 * n)
        for measure, target in (("csat_average", 4), ("nps", 0), ("overdue_actions", 0), ("manual", 3),
                                ("approval_decision_hours", 8), ("first_response_hours", 4),
                                ("knowledge_reviews_overdue", 0)):
            for _ in range(scale):
                seed.objective(measure, target, direction="at_least")
        for _ in range(scale):
            seed.objective("ncs_closed_within", 50, days=7)

    seeded(session_factory, build)
    with session_factory() as session, Statements(engine) as statements:
        from bot.qms.objectives import records

        objectives = records.active(session, team_id=TEAM)
        objective_values(session, team_id=TEAM, objectives=objectives, now=NOW, timezone="UTC")
    knowledge = importlib.util.find_spec("bot.qms.knowledge") is not None  # measured once that feature is in
    assert statements.count == 8 + knowledge  # the objectives, then one per measure in use
