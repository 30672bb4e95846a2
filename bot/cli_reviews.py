"""`trellis digest [--team T] [--force]`: the scheduled digest's own code, run now. In a period already
posted it says where the digest is and does nothing, unless --force."""
from __future__ import annotations

import typer


def digest(team: str = typer.Option(None, "--team", help="Workspace (team id); default: every one."),
           force: bool = typer.Option(False, "--force", help="Post again although this period was posted.")) -> None:
    """Build and post the digest now (once per period unless --force)."""
    from bot import digest as digest_job
    from bot.cli import fail, guarded
    from bot.config import load_settings, workspace_defaults
    from bot.db import make_engine, make_session_factory, ping
    from models.types import utcnow

    def action():
        settings = load_settings()
        engine = make_engine(settings.database_url)
        ping(engine)
        sessions = make_session_factory(engine)
        known = digest_job.known_teams(sessions)
        if team and team not in known:
            fail(f"unknown team {team!r}: no workspace with that id uses Trellis here", code=1)
        outcomes = [digest_job.run_digest(sessions, team_id=team_id, defaults=workspace_defaults(settings),
                                          now=utcnow(), trigger="manual", force=force)
                    for team_id in ([team] if team else known)]
        if not outcomes:
            fail("no workspace uses Trellis here yet", code=1)
        if any(outcome.record_id for outcome in outcomes) and settings.slack_bot_token:
            _deliver_now(settings, sessions)
        for outcome in outcomes:
            queued = outcome.record_id and not settings.slack_bot_token  # a running Trellis will post it
            typer.echo(outcome.line() + (" (queued: a running Trellis posts it)" if queued else ""))
        return 1 if any(outcome.problem for outcome in outcomes) else 0

    guarded(action)


def _deliver_now(settings, sessions) -> None:
    """Post what was queued without waiting for a running Trellis (the outbox's leases keep it once)."""
    from bot.outbox.delivery import deliver_due
    from bot.slack import make_client, single_workspace
    from models.types import utcnow

    deliver_due(sessions, single_workspace(make_client(settings.slack_bot_token, base_url=settings.slack_api_url)),
                now=utcnow())
