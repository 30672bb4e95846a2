"""`trellis audit witness` and `trellis audit verify` as an operator runs them, against the fake Slack."""
import pytest
from sqlalchemy import text

from tests.support.process import trellis

KEY = "an-audit-key-kept-outside-the-db"


@pytest.fixture
def run(tmp_path, db_url, fake_slack):
    def run(*args, **env):
        env = {"DATABASE_URL": db_url, "SLACK_BOT_TOKEN": fake_slack.bot_token, "SLACK_API_URL": fake_slack.base_url,
               "TRELLIS_QUALITY_CHANNEL": "C_QUALITY", **env}
        return trellis("audit", *args, cwd=tmp_path, **{k: v for k, v in env.items() if v is not None})
    return run


def test_witness_then_verify_says_every_figure(run, make, fake_slack):
    make.nc("verification")
    make.approval(decided_by={"U_MANAGER": True})
    witnessed = run("witness", TRELLIS_AUDIT_KEY=KEY)
    assert witnessed.returncode == 0, witnessed.stderr
    post = fake_slack.messages["C_QUALITY"][-1]
    seq, digest = post["metadata"]["event_payload"]["trellis_audit_seq"], post["metadata"]["event_payload"][
        "trellis_audit_hash"]
    assert post["metadata"]["event_type"] == "trellis_audit_head" and f"event {seq}" in post["text"]
    assert witnessed.stdout.strip() == f"T111: witnessed head {seq} {digest} in C_QUALITY"
    verified = run("verify", TRELLIS_AUDIT_KEY=KEY)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.strip() == (
        f"T111: {seq} events, chain intact; 2 records match their trail; head {seq} {digest}; "
        f"keyed (HMAC-SHA256) from event {seq}; 1 witnessed heads still on the chain")
    unkeyed = run("verify")
    assert unkeyed.returncode == 1 and "TRELLIS_AUDIT_KEY, which is not set here" in unkeyed.stdout


def test_verify_without_a_key_says_unkeyed(run, make):
    make.nc("open")
    result = run("verify")
    assert result.returncode == 0 and "unkeyed (plain SHA-256: set TRELLIS_AUDIT_KEY" in result.stdout
    assert "no witnessed heads in Slack yet" in result.stdout


def test_a_wrong_key_names_the_first_keyed_event(run, make):
    make.nc("open")
    assert run("witness", TRELLIS_AUDIT_KEY=KEY).returncode == 0
    result = run("verify", TRELLIS_AUDIT_KEY="another-key-of-the-same-size")
    assert result.returncode == 1
    assert result.stdout.startswith("T111: BROKEN at event 2 head (audit.witnessed): content was changed")


def test_an_nc_edited_in_its_table_exits_1_naming_it(run, make, session_factory):
    record_id = make.nc("action")
    with session_factory.begin() as session:
        session.execute(text("UPDATE nonconformance SET status = 'closed'"))
    result = run("verify", "--team", "T111")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.strip() == (f"T111: BROKEN at {record_id}: stored status 'closed' but its trail says "
                                     "'action' (its newest event is 3)")


def test_slack_unreachable_is_said_and_the_rest_checked(run, make, session_factory):
    make.nc("open")
    result = run("verify", SLACK_API_URL="http://127.0.0.1:1/api/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 records match their trail" in result.stdout
    assert "witnessed heads not checked: Slack unreachable" in result.stdout


def test_operator_mistakes_are_one_line(run, make):
    assert run("verify").stdout.strip() == "no audit events or records yet"
    make.nc("open")
    no_channel = run("witness", TRELLIS_QUALITY_CHANNEL=None)
    assert no_channel.returncode == 1 and "no digest channel" in no_channel.stdout
    no_token = run("witness", SLACK_BOT_TOKEN=None)
    assert no_token.returncode == 2 and "SLACK_BOT_TOKEN is not set" in no_token.stderr
    short = run("verify", TRELLIS_AUDIT_KEY="short")
    assert short.returncode == 2 and short.stderr.strip().startswith("trellis: TRELLIS_AUDIT_KEY: use at least 16")
