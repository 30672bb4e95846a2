"""The workbook's Nonconformances sheet (ISO 9001 8.7, 10.2): one row per NC, its whole 10.2.1 story."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.qms.export.batches import count, window_pages
from bot.qms.nc.lifecycle import STATUS_LABELS, STEPS
from bot.qms.sheets import DATE, DATETIME, LINK, LONG_TEXT, NUMBER, USER, Column, SheetSource, Window
from models import AuditEvent, Comment, Nonconformance

COLUMNS = (
    Column("ID", width=10), Column("Title", LONG_TEXT, 40), Column("Description", LONG_TEXT, 50),
    Column("Reporter", USER), Column("Owner", USER), Column("Severity", width=10), Column("Process", width=14),
    Column("Customer", width=20), Column("Source", LINK, 20), Column("Source message", LONG_TEXT, 40),
    Column("Status", width=16), Column("Opened", DATETIME, 20), Column("Correction", LONG_TEXT, 40),
    Column("Root cause (whys)", LONG_TEXT, 50), Column("Corrective action", LONG_TEXT, 40),
    Column("Due", DATE, 12), Column("Done", LONG_TEXT, 40), Column("Done by", USER),
    Column("Effectiveness check", LONG_TEXT, 40), Column("Verified by", USER),
    Column("Rejection reason", LONG_TEXT, 30), Column("Closed", DATETIME, 20), Column("Days open", NUMBER, 10),
    Column("Comments", NUMBER, 10), Column("Last activity", DATETIME, 20),
)
FIELDS = (Nonconformance.id, Nonconformance.record_id, Nonconformance.title, Nonconformance.description,
          Nonconformance.reporter, Nonconformance.owner, Nonconformance.severity, Nonconformance.process,
          Nonconformance.customer, Nonconformance.source, Nonconformance.source_permalink,
          Nonconformance.source_text, Nonconformance.status, Nonconformance.created_at, Nonconformance.correction,
          Nonconformance.root_cause, Nonconformance.corrective_action, Nonconformance.due_date,
          Nonconformance.done_summary, Nonconformance.done_by, Nonconformance.effectiveness,
          Nonconformance.rejection_reason, Nonconformance.closed_at, Nonconformance.updated_at)
CLOSED = STEPS["verify"].action


def count_ncs(session: Session, window: Window) -> int:
    return count(session, Nonconformance, Nonconformance.created_at, window)


def nc_rows(session: Session, window: Window) -> Iterator[tuple]:
    for page in window_pages(session, window, FIELDS, Nonconformance.created_at, Nonconformance.id):
        ids = [row.record_id for row in page]
        threads, verifiers = _threads(session, window.team_id, ids), _verifiers(session, window.team_id, ids)
        for row in page:
            replies, last_reply = threads.get(row.record_id, (0, None))
            yield (
                row.record_id, row.title, row.description, row.reporter, row.owner, row.severity.capitalize(),
                row.process, row.customer, (_source_label(row.source), row.source_permalink), row.source_text,
                STATUS_LABELS.get(row.status, row.status), row.created_at, row.correction,
                _whys(row.root_cause), row.corrective_action, row.due_date, row.done_summary, row.done_by,
                row.effectiveness, verifiers.get(row.record_id), row.rejection_reason, row.closed_at,
                _days_open(row.created_at, row.closed_at or window.at), replies,
                max(moment for moment in (row.updated_at, last_reply) if moment is not None),
            )


def _threads(session: Session, team_id: str, ids: Sequence[str]) -> dict[str, tuple[int, datetime | None]]:
    """Each NC's kept (not deleted) replies and when the newest came: one query per page."""
    rows = session.execute(
        select(Comment.record_id, func.count(), func.max(Comment.created_at))
        .where(Comment.team_id == team_id, Comment.record_type == "nc", Comment.record_id.in_(ids),
               Comment.deleted_at.is_(None)).group_by(Comment.record_id))
    return {record_id: (replies, last) for record_id, replies, last in rows}


def _verifiers(session: Session, team_id: str, ids: Sequence[str]) -> dict[str, str]:
    """Who verified and closed each NC (the actor of its closing audit event)."""
    # No ORDER BY seq: SQLite would walk the whole trail in seq order for it, once per page of NCs,
    # instead of seeking each NC's events; the newest of an NC's closings is picked here.
    newest: dict[str, tuple[int, str]] = {}
    for record_id, actor, seq in session.execute(
            select(AuditEvent.record_id, AuditEvent.actor, AuditEvent.seq)
            .where(AuditEvent.team_id == team_id, AuditEvent.record_type == "nc", AuditEvent.record_id.in_(ids),
                   AuditEvent.action == CLOSED)):
        if record_id not in newest or seq > newest[record_id][0]:
            newest[record_id] = (seq, actor)
    return {record_id: actor for record_id, (_seq, actor) in newest.items()}


def _whys(whys: list[str] | None) -> str | None:
    return "\n".join(f"Why {number}: {why}" for number, why in enumerate(whys, 1)) if whys else None


def _source_label(source: str) -> str:
    return source.replace("_", " ").capitalize()


def _days_open(opened: datetime, until: datetime | None) -> int | None:
    return max((until - opened).days, 0) if until is not None else None


SHEET = SheetSource("Nonconformances", "8.7, 10.2", COLUMNS, count_ncs, nc_rows)
