"""`trellis digest`: the scheduled digest's code run now, once per period unless --force."""
from bot.qms import workspaces
from models.types import utcnow
from tests.reviews.seed import digest_messages
from tests.support.factories import TEAM
from tests.support.fixtures import MANAGER, QUALITY_CHANNEL
from tests.support.process import trellis


def test_two_digest_calls_post_once_and_an_unknown_team_is_one_line(tmp_path, db_url, session_factory, fake_slack):
    with session_factory.begin() as session:
        workspaces.update_settings(session, team_id=TEAM, actor=MANAGER, changes={"stale_days": 7}, now=utcnow())
    env = {"DATABASE_URL": db_url, "SLACK_BOT_TOKEN": fake_slack.bot_token, "SLACK_API_URL": fake_slack.base_url,
           "TRELLIS_QUALITY_CHANNEL": QUALITY_CHANNEL}
    first = trellis("digest", cwd=tmp_path, **env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"{TEAM}: posted DIG-")
    second = trellis("digest", "--team", TEAM, cwd=tmp_path, **env)
    assert second.returncode == 0, second.stderr
    assert "already posted for this period, see http" in second.stdout
    assert len(digest_messages(fake_slack)) == 1
    unknown = trellis("digest", "--team", "T_NOPE", cwd=tmp_path, **env)
    assert unknown.returncode == 1 and unknown.stderr.strip().splitlines() == [
        "trellis: unknown team 'T_NOPE': no workspace with that id uses Trellis here"]
    forced = trellis("digest", "--force", cwd=tmp_path, **env)
    assert forced.returncode == 0 and "posted DIG-" in forced.stdout and len(digest_messages(fake_slack)) == 2
