import pytest

from bot.config import ConfigError, Settings, load_settings, parse_schedule, require


def test_defaults_follow_the_design(monkeypatch):
    for name in ("DATABASE_URL", "SLACK_API_URL", "TRELLIS_TIMEZONE", "TRELLIS_DIGEST_SCHEDULE"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=None)
    assert settings.database_url == "sqlite:///trellis.db"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert (settings.trellis_timezone, settings.trellis_digest_schedule, settings.trellis_stale_days) == (
        "UTC", "mon 09:00", 14)


def test_environment_and_dotenv_are_read(monkeypatch, tmp_path):
    (tmp_path / ".env").write_text("TRELLIS_MANAGERS=U01, U02 ,U01\nTRELLIS_DIGEST_SCHEDULE=Friday 16:30\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    settings = load_settings()
    assert settings.trellis_managers == ["U01", "U02"]
    assert settings.trellis_digest_schedule == "fri 16:30"
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"


@pytest.mark.parametrize("name, value, words", [
    ("TRELLIS_DIGEST_SCHEDULE", "every monday", "TRELLIS_DIGEST_SCHEDULE"),
    ("TRELLIS_DIGEST_SCHEDULE", "mon 25:00", "HH:MM"),
    ("TRELLIS_MANAGERS", "alice,U02", "alice"),
    ("TRELLIS_TIMEZONE", "Mars/Olympus", "unknown timezone"),
    ("TRELLIS_STALE_DAYS", "0", "TRELLIS_STALE_DAYS"),
    ("TRELLIS_QUALITY_CHANNEL", "#quality", "channel id"),
])
def test_malformed_settings_are_one_clear_error(monkeypatch, name, value, words):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings(_env_file=None)
    assert words in str(error.value) and "\n" not in str(error.value)


def test_missing_and_wrong_tokens_name_the_variable():
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN is not set.*App-Level Tokens"):
        require(Settings(_env_file=None, slack_bot_token="xoxb-1"), "slack_bot_token", "slack_app_token")
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN should start with xoxb-"):
        require(Settings(_env_file=None, slack_bot_token="xapp-1"), "slack_bot_token")


def test_schedule_accepts_full_day_names():
    assert str(parse_schedule("Wednesday 7:05")) == "wed 07:05"


def test_nothing_reads_settings_at_import_time(tmp_path):
    """Importing the application with a malformed environment is fine; only start-up validates."""
    import subprocess
    import sys

    from tests.support.process import env

    modules = "bot.cli, bot.app, bot.runtime, bot.serve, bot.web, bot.scheduler, handlers, migrations"
    result = subprocess.run([sys.executable, "-c", f"import {modules}"], cwd=tmp_path, capture_output=True, text=True,
                            env=env(TRELLIS_DIGEST_SCHEDULE="whenever", TRELLIS_MANAGERS="alice", SLACK_API_URL="x"))
    assert result.returncode == 0, result.stderr
