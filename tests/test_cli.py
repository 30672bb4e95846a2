"""The `trellis` command: one clear line and a non-zero exit for every operator mistake."""
import pytest

from tests.process import trellis


def one_line_error(result, *words):
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("args, env, words", [
    (("run",), {}, ["SLACK_BOT_TOKEN is not set"]),
    (("run",), {"SLACK_BOT_TOKEN": "xoxb-1"}, ["SLACK_APP_TOKEN is not set"]),
    (("serve",), {"SLACK_BOT_TOKEN": "xoxb-1"}, ["SLACK_SIGNING_SECRET is not set"]),
    (("run",), {"SLACK_BOT_TOKEN": "xoxp-1", "SLACK_APP_TOKEN": "xapp-1"}, ["should start with xoxb-"]),
    (("db", "current"), {"DATABASE_URL": "nonsense"}, ["DATABASE_URL is not a database URL"]),
    (("db", "current"), {"DATABASE_URL": "mysql://x@localhost/db"}, ["unsupported database"]),
    (("db", "current"), {"DATABASE_URL": "postgresql://x@127.0.0.1:1/db"}, ["does not answer"]),
    (("db", "current"), {"DATABASE_URL": "sqlite:////no/such/folder/t.db"}, ["does not exist"]),
    (("db", "current"), {"TRELLIS_DIGEST_SCHEDULE": "whenever"}, ["TRELLIS_DIGEST_SCHEDULE"]),
    (("db", "downgrade", "nope"), {}, ["unknown revision"]),
])
def test_operator_mistakes_are_one_line(tmp_path, args, env, words):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/t.db", **env}
    one_line_error(trellis(*args, cwd=tmp_path, **env), *words)


def test_a_token_slack_rejects_is_named(tmp_path, fake_slack):
    result = trellis("serve", cwd=tmp_path, SLACK_BOT_TOKEN="xoxb-wrong", SLACK_SIGNING_SECRET="s",
                     SLACK_API_URL=fake_slack.base_url, DATABASE_URL=f"sqlite:///{tmp_path}/t.db")
    one_line_error(result, "SLACK_BOT_TOKEN was rejected by Slack (invalid_auth)")


def test_db_commands_round_trip(tmp_path):
    url = f"sqlite:///{tmp_path}/t.db"
    assert "empty" in trellis("db", "current", cwd=tmp_path, DATABASE_URL=url).stdout
    assert trellis("db", "upgrade", cwd=tmp_path, DATABASE_URL=url).returncode == 0
    assert "(head)" in trellis("db", "current", cwd=tmp_path, DATABASE_URL=url).stdout
    assert trellis("db", "downgrade", "base", cwd=tmp_path, DATABASE_URL=url).returncode == 0
    assert "empty" in trellis("db", "current", cwd=tmp_path, DATABASE_URL=url).stdout


def test_audit_verify_reports_an_intact_chain(tmp_path, db_url, session_factory):
    from datetime import datetime, timezone

    from bot.qms import audit

    with session_factory.begin() as session:
        audit.record(session, team_id="T1", record_type="nc", record_id="NC-1", action="nc.created",
                     actor="U1", now=datetime.now(timezone.utc))
    result = trellis("audit", "verify", cwd=tmp_path, DATABASE_URL=db_url)
    assert result.returncode == 0 and "T1: 1 events, chain intact" in result.stdout
