"""The weekly digest on a fixed clock: its 9.3.2 sections and counts, a quiet week, a long week within
Block Kit's limits, a constant number of statements, and one post per period whoever runs it."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import digest
from bot.qms import workspaces
from bot.qms.nc import activity
from bot.qms.reviews import claims
from bot.qms.reviews.build import build_digest
from bot.qms.reviews.periods import period_ending
from models import AuditEvent, Comment, DigestPost
from tests.reviews.seed import DEFAULTS, NOW, approval, digest_messages, nc
from tests.support.factories import TEAM
from tests.support.queries import statements

WEEK = timedelta(days=7)


def seed_week(session_factory):
    """Two NCs opened this week, one closed this week (opened two weeks ago), one overdue corrective
    action, one stale NC; approvals decided and pending."""
    with session_factory.begin() as session:
        nc(session, at=NOW - timedelta(days=2), severity="critical", process="Sales")
        nc(session, at=NOW - timedelta(days=3), status="investigating")
        nc(session, at=NOW - 2 * WEEK, status="closed", moved_at=NOW - timedelta(days=1))
        nc(session, at=NOW - 3 * WEEK, status="action", due=(NOW - timedelta(days=4)).date())
        nc(session, at=NOW - 5 * WEEK, title="Forgotten <b>invoice</b> & stamp")
        approval(session, at=NOW - timedelta(days=4), decided_at=NOW - timedelta(days=3))
        approval(session, at=NOW - timedelta(days=5), decided_at=NOW - timedelta(days=1), approve=False)
        approval(session, at=NOW - timedelta(days=9), title="Supplier: Northwind")


def build(session_factory, now=NOW):
    with session_factory() as session:
        workspaces.use_defaults(session, DEFAULTS)
        return build_digest(session, team_id=TEAM, period=period_ending("mon 09:00", "UTC", now), now=now)


def figures(group) -> dict:
    return {figure.label: figure.value for figure in group.figures}


def test_the_sections_come_in_the_9_3_2_order_with_their_counts(session_factory):
    seed_week(session_factory)
    result = build(session_factory)
    assert [group.key for group in result.groups] == ["a", "c4", "c3", "c1", "c2", "knowledge", "c6", "c7", "e"]
    groups = {group.key: group for group in result.groups}
    c4 = figures(groups["c4"])
    assert (c4["Opened"], c4["Closed"], c4["Open now"], c4["Corrective actions overdue"]) == (2, 1, 4, 1)
    assert c4["Mean days to close"] == 13.0
    assert c4["Open by severity"] == "major 3 · critical 1" and "Sales 1" in c4["Open by process"]
    assert c4["Stale (no activity for 14 days)"] == 2  # the overdue one (moved 3 weeks ago) and the forgotten one
    assert [figure.trend for figure in groups["c4"].figures if figure.label == "Opened"] == [(1, 1, 0, 1)]
    stale = next(entry for entry in groups["c4"].lists if entry.heading.startswith("Stale"))
    assert [item.record_id for item in stale.items] == ["NC-5", "NC-4"]  # oldest activity first
    assert stale.items[0].age_days == 35 and stale.items[0].owner == "U_ALICE"
    c3 = figures(groups["c3"])
    assert (c3["Approved"], c3["Rejected"], c3["Pending now"], c3["Oldest pending (days)"]) == (1, 1, 1, 9)
    assert c3["Median days to decision"] == 2.5
    assert all(groups[key].note == "Not recorded in Trellis yet." for key in ("c6", "c7", "e"))
    assert not result.quiet


def test_activity_in_the_review_thread_resets_staleness(session_factory):
    seed_week(session_factory)
    with session_factory.begin() as session:
        session.add(Comment(team_id=TEAM, record_type="nc", record_id="NC-5", channel="C1", ts="1.1", thread_ts="1.0",
                            author="U_BOB", text="still on it", created_at=NOW - timedelta(days=1)))
    with session_factory() as session:
        stale = activity.stale(session, team_id=TEAM, now=NOW, stale_days=14)
    assert [record.record_id for record, _ in stale] == ["NC-4"]


def test_a_quiet_week_is_one_line(session_factory, settings, slack, fake_slack):
    outcome = digest.run_digest(session_factory, team_id=TEAM, defaults=DEFAULTS, now=NOW)
    slack.flush()
    [message] = digest_messages(fake_slack)
    texts = [block["text"]["text"] for block in message["blocks"] if block["type"] == "section"]
    assert texts[0].startswith("A quiet week") and len(texts) == 2  # the quiet line, then the honest lines
    assert "*c6) Audit results* — Not recorded in Trellis yet." in texts[1]
    assert outcome.record_id == "DIG-2026-11-30"
    assert message["metadata"]["event_type"] == "trellis_digest"
    assert message["metadata"]["event_payload"]["digest"] == "DIG-2026-11-30"
    button = message["blocks"][-2]["elements"][0]
    assert (button["text"]["text"], button["style"], button["value"]) == ("Record management review", "primary",
                                                                          "DIG-2026-11-30")


def test_a_long_week_stays_within_block_kit_limits(session_factory, slack, fake_slack):
    with session_factory.begin() as session:
        for number in range(60):
            nc(session, at=NOW - 6 * WEEK, status="action", due=(NOW - timedelta(days=40)).date(),
               title=("&<>" * 50)[:150], process=f"Process {number}")
        for _ in range(30):
            approval(session, at=NOW - 2 * WEEK, title="&" * 150)
    digest.run_digest(session_factory, team_id=TEAM, defaults=DEFAULTS, now=NOW)
    assert slack.flush() >= 1  # the fake Slack rejects what Slack rejects
    [message] = digest_messages(fake_slack)
    assert len(message["blocks"]) <= 50
    assert all(len(block["text"]["text"]) <= 3000 for block in message["blocks"] if "text" in block)
    text = "\n".join(block["text"]["text"] for block in message["blocks"] if block["type"] == "section")
    assert "…and 55 more: see `/qms mine`" in text and "&amp;lt;" not in text and "&lt;&gt;" in text
    assert "+52 more" in text  # 60 processes: the top 8 named


def test_the_digest_issues_the_same_statements_for_ten_records_or_a_hundred(session_factory, engine):
    def count(extra: int) -> int:
        with session_factory.begin() as session:
            for _ in range(extra):
                nc(session, at=NOW - 2 * WEEK, status="action", due=(NOW - WEEK).date())
                approval(session, at=NOW - 2 * WEEK, decided_at=NOW - WEEK + timedelta(hours=1))
                approval(session, at=NOW - WEEK)
        with statements(engine) as seen:
            build(session_factory)
        return len(seen)

    assert count(10) == count(90)


def test_two_runs_in_one_period_post_once_and_the_second_says_where(session_factory, slack, fake_slack):
    first = digest.run_digest(session_factory, team_id=TEAM, defaults=DEFAULTS, now=NOW)
    slack.flush()
    second = digest.run_digest(session_factory, team_id=TEAM, defaults=DEFAULTS, now=NOW + timedelta(hours=20),
                               trigger="manual")
    assert first.record_id == "DIG-2026-11-30" and second.already == "DIG-2026-11-30"
    assert second.link and second.line().endswith(f"already posted for this period, see {second.link}")
    forced = digest.run_digest(session_factory, team_id=TEAM, defaults=DEFAULTS, now=NOW + timedelta(hours=20),
                               force=True)
    slack.flush()
    assert forced.record_id == "DIG-2026-11-30-2"
    assert len(digest_messages(fake_slack)) == 2
    with session_factory() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.record_type == "digest")).all()
        assert actions == ["digest.posted", "digest.posted"]


def test_without_a_digest_channel_nothing_is_claimed(session_factory):
    outcome = digest.run_digest(session_factory, team_id=TEAM, defaults=workspaces.WorkspaceSettings(), now=NOW)
    assert outcome.problem == digest.NO_CHANNEL
    with session_factory() as session:
        assert session.scalars(select(DigestPost)).all() == []


@pytest.mark.parametrize("claimed", [True, False])
def test_the_claim_is_unique_per_period(session_factory, claimed):
    period = period_ending("mon 09:00", "UTC", NOW)
    with session_factory.begin() as session:
        first = claims.claim(session, team_id=TEAM, period=period, timezone="UTC", groups=(), channel="C1",
                             trigger="schedule", now=NOW)
        again = claims.claim(session, team_id=TEAM, period=period, timezone="UTC", groups=(), channel="C1",
                             trigger="manual", now=NOW, force=not claimed)
    assert first is not None and (again is None) == claimed


def test_qms_digest_previews_this_period_privately_for_managers_only(session_factory, slack, fake_slack):
    seed_week(session_factory)
    answer = slack.command("digest", user="U_MANAGER")
    assert answer.status_code == 200
    [preview] = slack.responses()
    assert preview["response_type"] == "ephemeral" and preview["text"] == "Weekly digest (preview)"
    assert "a preview of this period so far" in str(preview["blocks"]) and "Record management review" not in str(
        preview["blocks"])
    slack.command("digest", user="U_ALICE")
    assert "Only Trellis managers" in slack.responses()[-1]["text"]
    with session_factory() as session:
        assert session.scalars(select(DigestPost)).all() == []  # a preview claims nothing


def test_a_digest_channel_trellis_cannot_post_to_tells_a_manager(session_factory, slack, fake_slack):
    defaults = workspaces.WorkspaceSettings(digest_channel="C_GONE", managers=("U_MANAGER",))
    assert digest.run_digest(session_factory, team_id=TEAM, defaults=defaults, now=NOW).record_id
    slack.flush()
    told = [m["text"] for m in fake_slack.messages[fake_slack.dm_of("U_MANAGER")]]
    assert any("could not post DIG-2026-11-30" in text for text in told), told


def test_the_oldest_activity_comes_first_even_past_one_page(session_factory, monkeypatch):
    monkeypatch.setattr(activity, "PAGE", 2)
    with session_factory.begin() as session:
        ids = [nc(session, at=NOW - timedelta(days=60 - n)) for n in range(4)]  # NC-1 changed longest ago
        for record_id, days_ago in (("NC-1", 20), ("NC-2", 25)):  # replies make NC-1 and NC-2 the newest activity
            session.add(Comment(team_id=TEAM, record_type="nc", record_id=record_id, channel="C1", ts=f"{days_ago}.1",
                                thread_ts="1.0", author="U_BOB", text="…", created_at=NOW - timedelta(days=days_ago)))
    with session_factory() as session:
        found = activity.stale(session, team_id=TEAM, now=NOW, stale_days=14, limit=3)
        assert activity.stale_count(session, team_id=TEAM, now=NOW, stale_days=14) == 4
    assert [record.record_id for record, _ in found] == [ids[2], ids[3], "NC-2"]
