"""`trellis export`: the auditor's workbook from the command line (registered in bot/cli.py).

Every mistake — a date that is not one, a period that ends before it starts, a workspace Trellis does
not know, a folder it cannot write to, a full disk — is one line and exit code 1, and leaves no file.
"""
from __future__ import annotations

import getpass
import os
import socket
import sys
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

import typer

BAD_INPUT = 1


def export(out: Path = typer.Option(..., "--out", help="The workbook to write (FILE.xlsx); replaced if it exists."),
           team: str = typer.Option(None, "--team", help="Workspace (team id); needed when there are several."),
           since: str = typer.Option(None, "--since", help="First day (YYYY-MM-DD, UTC) of records and events."),
           until: str = typer.Option(None, "--until", help="Last day (YYYY-MM-DD, UTC), included.")) -> None:
    """The auditor's workbook: every clause's evidence and the audit chain's proof, in one Excel file."""
    from bot.cli import fail, guarded

    def action():
        from bot.qms.export.period import BadPeriod, period

        try:
            start, end = period(since, until, since_name="--since", until_name="--until")
        except BadPeriod as problem:
            fail(str(problem), BAD_INPUT)
        problem = _unwritable(out)
        if problem:
            fail(problem, BAD_INPUT)
        return _write(out, team, start, end, fail)

    guarded(action)


def _write(out: Path, team: str | None, since: datetime | None, until: datetime | None, fail) -> int:
    from bot.audit_elsewhere import verifier_for
    from bot.config import load_settings
    from bot.db import make_engine, make_session_factory, ping
    from bot.qms.export.workbook import build, known_teams, one_snapshot
    from bot.qms.sheets import Window
    from models.types import utcnow

    settings = load_settings()
    engine = make_engine(settings.database_url)
    ping(engine)
    with make_session_factory(engine, audit_key=settings.audit_key).reads() as session:  # the key: to verify
        one_snapshot(session)
        teams = known_teams(session)
        if team and team not in teams:
            fail(f"unknown workspace {team!r}" + (f" (known: {', '.join(teams)})" if teams else ""), BAD_INPUT)
        if not team and len(teams) != 1:
            fail("no workspace has records yet" if not teams else
                 f"several workspaces: choose one with --team ({', '.join(teams)})", BAD_INPUT)
        window = Window(team or teams[0], since, until)
        with ExitStack() as stack:
            progress = TerminalProgress(stack) if sys.stdout.isatty() else None
            try:
                built = build(session, window=window, out=out, generated_by=_operator(), now=utcnow(),
                              progress=progress, verifier=verifier_for(session))
            except OSError as error:
                fail(f"could not write {out}: {error.strerror or error}", BAD_INPUT)
    rows = sum(built.counts.values())
    chain = built.chain.result()
    typer.echo(f"wrote {out}: {rows} rows on {len(built.counts) + 1} sheets; audit chain {chain}")
    return 0  # a broken chain is the workbook's finding (on Summary), not a failed export


class TerminalProgress:
    """A progress bar over every row to write (the total is counted first); only on a terminal."""

    def __init__(self, stack: ExitStack):
        self.stack, self.bar = stack, None

    def start(self, total: int) -> None:
        self.bar = self.stack.enter_context(typer.progressbar(length=total, label="Writing the workbook"))

    def advance(self, rows: int) -> None:
        self.bar.update(rows)


def _unwritable(out: Path) -> str | None:
    if out.suffix.lower() != ".xlsx":
        return f"--out {out} must end in .xlsx (Excel opens nothing else as a workbook)"
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        return f"cannot write {out}: the folder {folder} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        return f"cannot write {out}: permission denied"
    if out.is_dir():
        return f"cannot write {out}: it is a folder"
    return None


def _operator() -> str:
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown user"
    return f"command line ({who}@{socket.gethostname()})"
