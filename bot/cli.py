"""The `trellis` command. Every failure is one clear line and a non-zero exit."""
from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable

import typer

from bot import cli_export, cli_reminders
from bot.cli_audit import audit_cli
from bot.cli_reviews import digest as digest_command
from bot.config import ConfigError, Settings, load_settings
from bot.db import DatabaseError, make_engine, make_session_factory, ping

cli = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Trellis: your ISO 9001 quality system in Slack.")
db_cli = typer.Typer(no_args_is_help=True, help="Database migrations (Alembic).")
outbox_cli = typer.Typer(invoke_without_command=True, help="Slack messages waiting to be delivered.")
cli.add_typer(db_cli, name="db")
cli.add_typer(audit_cli, name="audit")
cli.add_typer(outbox_cli, name="outbox")
cli.command("export")(cli_export.export)

log = logging.getLogger("trellis")


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"trellis: {message}", err=True)
    raise typer.Exit(code)


def guarded(action: Callable[[], int | None]) -> None:
    """Run a command; known failures become one line on stderr and exit code 2."""
    try:
        code = action()
    except (ConfigError, DatabaseError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except typer.Exit:
        raise
    except Exception as exc:  # last resort: never a traceback for the operator
        if os.environ.get("TRELLIS_DEBUG"):
            raise
        log.debug("unexpected failure", exc_info=True)
        fail(f"unexpected error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''} "
             "(set TRELLIS_DEBUG=1 for the traceback)", code=1)
    raise typer.Exit(code or 0)


def _settings_with_logging() -> Settings:
    """Settings for a long-running mode, with logging at TRELLIS_LOG_LEVEL (validated with the rest)."""
    settings = load_settings()
    logging.basicConfig(level=settings.trellis_log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return settings


@cli.command()
def run() -> None:
    """Socket Mode (needs SLACK_APP_TOKEN): migrate, start the scheduler, connect."""
    from bot.serve import run_socket_mode

    guarded(lambda: run_socket_mode(_settings_with_logging()))


@cli.command()
def serve(host: str = typer.Option("0.0.0.0", help="Interface to listen on."),
          port: int = typer.Option(3000, min=1, max=65535, help="TCP port.")) -> None:
    """HTTP mode: POST /slack/events and GET /healthz."""
    from bot.serve import run_http

    guarded(lambda: run_http(_settings_with_logging(), host=host, port=port))


@cli.command()
def sandbox(port: int = typer.Option(3000, min=0, max=65535, help="TCP port of the page."),
            demo: bool = typer.Option(False, "--demo", help="Start with three weeks of a company's records."),
            db: str = typer.Option("sandbox.db", "--db", help="SQLite file for the sandbox's records."),
            host: str = typer.Option("127.0.0.1", help="Interface to listen on (loopback unless --allow-remote)."),
            allow_remote: bool = typer.Option(False, "--allow-remote", help="Allow a --host other machines reach.")
            ) -> None:
    """No Slack needed: a local Slack in the browser driving the real Trellis."""
    from bot.sandbox.serve import run_sandbox

    level = os.environ.get("TRELLIS_LOG_LEVEL", "WARNING").upper()
    logging.basicConfig(level=level if level in logging.getLevelNamesMapping() else "WARNING",
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    guarded(lambda: run_sandbox(host=host, port=port, db=db, demo=demo, allow_remote=allow_remote))


def _database_url() -> str:
    return load_settings().database_url


def _move_to(revision: str, step: Callable[[str, str], None]) -> None:
    from bot import migrate

    def action():
        url = _database_url()
        ping(make_engine(url))
        if not migrate.known_revision(url, revision):
            fail(f"unknown revision {revision!r}")
        step(url, revision)
        typer.echo(f"database at {revision}")

    guarded(action)


@db_cli.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Migrate the database up to REVISION (default: head)."""
    from bot import migrate

    _move_to(revision, migrate.upgrade)


@db_cli.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="Target revision, or 'base' for an empty database.")) -> None:
    """Migrate the database down to REVISION."""
    from bot import migrate

    _move_to(revision, migrate.downgrade)


@db_cli.command("current")
def db_current() -> None:
    """Print the database's revision and whether it is the newest."""
    from bot import migrate

    def action():
        url = _database_url()
        engine = make_engine(url)
        ping(engine)
        revision, head = migrate.current(engine), migrate.head(url)
        typer.echo(f"{revision or 'empty'} ({'head' if revision == head else f'head is {head}'})")

    guarded(action)


@outbox_cli.callback()
def outbox_list(ctx: typer.Context,
                team: str = typer.Option(None, "--team", help="Workspace (team id); default: every one."),
                limit: int = typer.Option(20, min=0, help="Rows to list per status.")) -> None:
    """List pending and failed deliveries: count, oldest age, last error, oldest rows."""
    if ctx.invoked_subcommand:
        return
    from bot.outbox import status as outbox_status
    from models.types import utcnow

    def action():
        engine = make_engine(_database_url())
        ping(engine)
        with make_session_factory(engine)() as session:
            for line in outbox_status.report(session, now=utcnow(), team_id=team, limit=limit):
                typer.echo(line)

    guarded(action)


@outbox_cli.command("retry")
def outbox_retry(team: str = typer.Option(None, "--team", help="Workspace (team id); default: every one."),
                 ids: list[int] = typer.Option(None, "--id", help="Only this row (repeatable).")) -> None:
    """Queue failed deliveries again; a running Trellis sends them within seconds."""
    from bot.outbox import claims
    from models.types import utcnow

    def action():
        engine = make_engine(_database_url())
        ping(engine)
        with make_session_factory(engine).begin() as session:
            count = claims.requeue_failed(session, now=utcnow(), team_id=team, ids=ids or None)
        typer.echo(f"re-queued {count} failed deliver{'y' if count == 1 else 'ies'}")

    guarded(action)


cli.command("digest")(digest_command)
cli_reminders.register(cli, guarded=guarded, load_settings=load_settings)


def main() -> None:
    cli(prog_name="trellis")


if __name__ == "__main__":
    sys.exit(main())
