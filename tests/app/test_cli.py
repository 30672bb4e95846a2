"""The `trellis` command: one clear line and a non-zero exit for every operator mistake."""
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC

import pytest

from bot import migrate
from bot.db import make_engine
from tests.support.process import finish, trellis

COMMANDS = [("run",), ("serve",), ("db", "upgrade"), ("db", "downgrade", "base"), ("db", "current"),
            ("audit", "verify"), ("audit", "witness"), ("outbox",), ("outbox", "retry"), ("digest",), ("remind",)]
TOKENS = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "SLACK_SIGNING_SECRET": "s"}


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


def all_at_once(tmp_path, cases):
    """Run (args, env) cases as child processes in parallel; each one's CompletedProcess, in order."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda case: trellis(*case[0], cwd=tmp_path, **case[1]), cases))


def test_every_command_says_one_line_for_a_bad_or_unreachable_database(tmp_path):
    urls = {"nonsense": "DATABASE_URL is not a database URL",
            "postgresql://x@127.0.0.1:1/db": "does not answer"}
    cases = [(args, {**TOKENS, "DATABASE_URL": url}) for args in COMMANDS for url in urls]
    for (args, env), result in zip(cases, all_at_once(tmp_path, cases), strict=True):
        assert result.returncode == 2, (args, env["DATABASE_URL"], result.stderr)
        one_line_error(result, urls[env["DATABASE_URL"]])


def test_start_up_refuses_every_malformed_setting_in_one_line(tmp_path):
    malformed = {"TRELLIS_DIGEST_SCHEDULE": "whenever", "TRELLIS_MANAGERS": "alice,U02",
                 "TRELLIS_TIMEZONE": "Mars/Olympus", "TRELLIS_STALE_DAYS": "soon",
                 "TRELLIS_QUALITY_CHANNEL": "#quality", "TRELLIS_DIGEST_CHANNEL": "general",
                 "TRELLIS_LOG_LEVEL": "LOUD", "SLACK_API_URL": "slack.com/api", "TRELLIS_AUDIT_KEY": "too short"}
    good = {**TOKENS, "DATABASE_URL": f"sqlite:///{tmp_path}/t.db"}
    cases = [((("run", "serve")[n % 2],), {**good, name: value}) for n, (name, value) in enumerate(malformed.items())]
    for _, name, result in zip(cases, malformed, all_at_once(tmp_path, cases), strict=True):
        assert result.returncode == 2, (name, result.stderr)
        one_line_error(result, f"{name}: ")
    assert not (tmp_path / "t.db").exists()  # refused before touching the database


@pytest.mark.parametrize("command, variable", [("serve", "SLACK_BOT_TOKEN"), ("run", "SLACK_APP_TOKEN")])
def test_a_token_slack_rejects_is_named_and_nothing_is_migrated(tmp_path, fake_slack, command, variable):
    url = f"sqlite:///{tmp_path}/t.db"
    fake_slack.fail("apps.connections.open", error="invalid_auth")  # the fake takes any xapp- token
    tokens = {**TOKENS, "SLACK_BOT_TOKEN": fake_slack.bot_token, variable: TOKENS[variable] + "-wrong"}
    result = trellis(command, cwd=tmp_path, **tokens, SLACK_API_URL=fake_slack.base_url, DATABASE_URL=url)
    one_line_error(result, f"{variable} was rejected by Slack (invalid_auth): copy ")
    assert migrate.current(make_engine(url)) is None


def test_an_unreachable_slack_api_is_one_line(tmp_path):
    result = trellis("run", cwd=tmp_path, **TOKENS, SLACK_API_URL="http://127.0.0.1:1/api/",
                     DATABASE_URL=f"sqlite:///{tmp_path}/t.db")
    one_line_error(result, "cannot reach the Slack API at http://127.0.0.1:1/api/")


def test_db_commands_round_trip(tmp_path):
    url = f"sqlite:///{tmp_path}/t.db"
    assert "empty" in trellis("db", "current", cwd=tmp_path, DATABASE_URL=url).stdout
    assert trellis("db", "upgrade", cwd=tmp_path, DATABASE_URL=url).returncode == 0
    assert "(head)" in trellis("db", "current", cwd=tmp_path, DATABASE_URL=url).stdout
    assert trellis("db", "downgrade", "base", cwd=tmp_path, DATABASE_URL=url).returncode == 0
    assert "empty" in trellis("db", "current", cwd=tmp_path, DATABASE_URL=url).stdout


def test_audit_verify_reports_an_intact_chain(tmp_path, db_url, session_factory):
    from datetime import datetime

    from bot.qms import audit

    with session_factory.begin() as session:
        audit.record(session, team_id="T1", record_type="note", record_id="NOTE-1", action="note.created",
                     actor="U1", now=datetime.now(UTC))
    result = trellis("audit", "verify", cwd=tmp_path, DATABASE_URL=db_url)
    assert result.returncode == 0 and "T1: 1 events, chain intact" in result.stdout


def test_audit_verify_exits_1_naming_the_first_broken_record(tmp_path, db_url, engine, session_factory):
    from tests.support.audit import tamper, write

    write(session_factory, 3)
    tamper(engine, "UPDATE audit_event SET actor = 'U_EVIL' WHERE seq = 2")
    result = trellis("audit", "verify", "--team", "T1", cwd=tmp_path, DATABASE_URL=db_url)
    assert result.returncode == 1, result.stderr
    assert result.stdout.strip() == ("T1: BROKEN at event 2 NOTE-2 (note.created): "
                                    "content was changed after it was written")


def test_serve_migrates_an_empty_database_before_it_listens(tmp_path, fake_slack):
    from tests.support.process import free_port, start, wait_for_health

    url, port = f"sqlite:///{tmp_path}/new.db", free_port()
    env = {**TOKENS, "SLACK_BOT_TOKEN": fake_slack.bot_token, "SLACK_API_URL": fake_slack.base_url, "DATABASE_URL": url}
    process = start("serve", "--host", "127.0.0.1", "--port", str(port), cwd=tmp_path, **env)
    try:
        assert wait_for_health(port, process)["database"] == "ok"
        assert migrate.current(make_engine(url)) == migrate.head()
    finally:
        process.terminate()
        finish(process)
