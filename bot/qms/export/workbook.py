"""Build the auditor's workbook: Summary, then every sheet of the table, into a file beside the target
that is renamed into place only when it is complete — a failed export never leaves a partial file."""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

from openpyxl import Workbook
from openpyxl.worksheet._writer import ALL_TEMP_FILES
from sqlalchemy import select, union
from sqlalchemy.orm import Session

from bot.qms.audit import verification
from bot.qms.export import summary
from bot.qms.export.chain import ChainState, chain_state, head_of
from bot.qms.export.sheets import SHEETS
from bot.qms.export.writer import SheetWriter
from bot.qms.sheets import Window
from models import AuditHead, SlackUser, Workspace

# Starts `audit.verify` elsewhere (bot/audit_elsewhere.py) up to a head; returns what waits for its Verdict.
Verifier = Callable[..., Callable[[], verification.Verdict]]


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, rows: int) -> None: ...


@dataclass(frozen=True)
class Built:
    path: Path
    counts: dict[str, int]
    chain: ChainState


def known_teams(session: Session) -> list[str]:
    """Workspaces Trellis holds records of."""
    return sorted(session.scalars(union(select(Workspace.team_id), select(AuditHead.team_id))))


def build(session: Session, *, window: Window, out: Path, generated_by: str, now: datetime,
          progress: Progress | None = None, verifier: Verifier | None = None) -> Built:
    """Write the workbook to `out` (replacing it) from one consistent read of the database. With a
    `verifier`, a long chain is verified by it (another process) while the sheets are written."""
    one_snapshot(session)
    window = replace(window, at=now)
    names = display_names(session, team_id=window.team_id)
    counts = tuple((source, source.count(session, window)) for source in SHEETS)
    head = head_of(session, team_id=window.team_id)
    verifying = (verifier(team_id=window.team_id, as_of=head)
                 if verifier and head and head.seq >= verification.ELSEWHERE_FROM else None)
    chain = None if verifying else chain_state(session, team_id=window.team_id)
    if progress:
        progress.start(sum(number for _, number in counts))
    partial = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial")
    workbook = Workbook(write_only=True)
    try:
        for source, _ in counts:
            rows, part = iter(source.rows(session, window)), 1
            while rows is not None:  # more than a sheet holds: "Audit trail (2)" takes the rest
                title = source.name if part == 1 else f"{source.name} ({part})"
                rows = SheetWriter(workbook, title, source.columns, names).write(
                    rows, empty=source.empty, advance=progress.advance if progress else None)
                part += 1
        facts = summary.Facts(_workspace(session, window.team_id), window, now, _named(generated_by, names), counts,
                              chain or ChainState.of(verifying()))
        # Written last, placed first: the chain's verdict may only now be known.
        SheetWriter(workbook, summary.TITLE, summary.COLUMNS, names, index=0).write(
            iter(summary.summary_rows(facts)), empty="")
        save(workbook, partial)
        os.replace(partial, out)
    except BaseException:
        discard(workbook)
        partial.unlink(missing_ok=True)
        if verifying:  # no verify left running in a second process for a workbook that will not be
            with suppress(Exception):
                verifying()
        raise
    return Built(out, {source.name: number for source, number in counts}, facts.chain)


def one_snapshot(session: Session) -> None:
    """Every sheet and its count read from one snapshot: REPEATABLE READ on PostgreSQL (SQLite's read
    transaction is one already). Only before the session's first query; later it changes nothing."""
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def save(workbook: Workbook, path: Path) -> None:
    """The one place bytes reach the disk (a full disk raises OSError here)."""
    workbook.save(path)


def discard(workbook: Workbook) -> None:
    """Remove what an unfinished workbook left: openpyxl streams each write-only sheet into its own
    temporary file (in the system's temp folder) until `save` zips them, and only removes them then."""
    for sheet in workbook.worksheets:
        rows, writer = getattr(sheet, "_rows", None), getattr(sheet, "_writer", None)
        for stream in (rows, writer):  # rows first: closing them writes the sheet's last tag
            with suppress(Exception):
                if stream is not None:
                    stream.close()
        if writer is not None:
            with suppress(OSError):
                os.remove(writer.out)
            with suppress(ValueError):
                ALL_TEMP_FILES.remove(writer.out)


def display_names(session: Session, *, team_id: str) -> dict[str, str]:
    """Every cached person of the workspace by Slack id: one query per export, never one per cell."""
    rows = session.execute(select(SlackUser.user_id, SlackUser.name, SlackUser.real_name)
                           .where(SlackUser.team_id == team_id))
    return {user_id: name or real_name or user_id for user_id, name, real_name in rows}


def _workspace(session: Session, team_id: str) -> str:
    name = session.scalar(select(Workspace.name).where(Workspace.team_id == team_id))
    return f"{name} ({team_id})" if name else team_id


def _named(who: str, names: dict[str, str]) -> str:
    return f"{names[who]} ({who})" if who in names else who
