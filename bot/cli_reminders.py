"""`trellis remind [--team T]`: the reminder sweep now, the same code as the scheduled one."""
from __future__ import annotations

import typer

from bot.db import make_engine, make_session_factory, ping


def register(cli: typer.Typer, *, guarded, load_settings) -> None:
    @cli.command()
    def remind(team: str = typer.Option(None, "--team", help="Workspace (team id); default: every one.")) -> None:
        """Run the reminder sweep now (what the scheduler runs every 15 minutes)."""
        from bot import migrate
        from bot.config import workspace_defaults
        from bot.reminders import ReminderJob, UnknownTeam

        def action():
            settings = load_settings()
            engine = make_engine(settings.database_url)
            ping(engine)
            revision, head = migrate.current(engine), migrate.head(settings.database_url)
            if revision != head:
                typer.echo(f"trellis: the database is at {revision or 'no revision'}, not {head}: "
                           "run `trellis db upgrade` first", err=True)
                return 2
            job = ReminderJob(make_session_factory(engine), workspace_defaults(settings))
            try:
                queued = job.run(team_id=team.strip() if team else None)
            except UnknownTeam:
                typer.echo(f"trellis: unknown team {team!r}: no workspace with that id uses Trellis here", err=True)
                return 1
            for team_id, count in queued.items():
                typer.echo(f"{team_id}: {count} reminder DM{'s' if count != 1 else ''} queued")
            if not queued:
                typer.echo("no workspaces yet")
            return 0

        guarded(action)
