"""The claim of a digest period: one unique row per (workspace, period end, run), inserted in the
transaction that queues the post. Whoever inserts it first posts; everyone else sees it was posted —
a restart, a second instance, a misfire replayed, a manual `trellis digest`."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.qms import audit
from bot.qms.inputs import InputGroup, Period
from bot.qms.listing import card_links
from bot.qms.reviews.periods import local_day
from bot.qms.rows import insert_ignore
from models import DigestPost

RECORD_TYPE = "digest"  # the digest message's record type: its thread is the review's discussion
MISSED = "missed"  # the trigger of a period whose digest was not posted (recorded, never silently dropped)


def record_id_for(period: Period, timezone: str, run: int) -> str:
    """DIG-2026-11-30 (the local day it was due), DIG-2026-11-30-2 for a forced second run."""
    return f"DIG-{local_day(period.end, timezone)}" + (f"-{run + 1}" if run else "")


def claim(session: Session, *, team_id: str, period: Period, timezone: str, groups: Sequence[InputGroup],
          channel: str | None, trigger: str, now: datetime, force: bool = False, late: bool = False
          ) -> DigestPost | None:
    """Claim the period (with one 'digest.posted' audit event); None when it was claimed already.
    `force` claims a further run of a period already posted."""
    run = 0
    if force:
        last = session.scalar(select(func.max(DigestPost.run)).where(DigestPost.team_id == team_id,
                                                                       DigestPost.period_end == period.end))
        run = 0 if last is None else last + 1
    record_id = record_id_for(period, timezone, run)
    if not insert_ignore(session, DigestPost, team_id=team_id, record_id=record_id, period_start=period.start,
                         period_end=period.end, run=run, late=late, trigger=trigger, channel=channel,
                         inputs=[group.to_json() for group in groups], posted_at=now):
        return None
    post = find(session, team_id=team_id, record_id=record_id)
    action = "digest.missed" if trigger == MISSED else "digest.posted"
    audit.record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=record_id, action=action, actor=None,
                 now=now, after={"period_start": period.start, "period_end": period.end, "run": run,
                                 "trigger": trigger, "late": late, "channel": channel})
    return post


def find(session: Session, *, team_id: str, record_id: str) -> DigestPost | None:
    return session.scalars(select(DigestPost).where(DigestPost.team_id == team_id,
                                                    DigestPost.record_id == record_id.upper())).first()


def posted_for(session: Session, *, team_id: str, period_end: datetime) -> DigestPost | None:
    """The period's claim (its latest run), if any."""
    return session.scalars(select(DigestPost).where(DigestPost.team_id == team_id,
                                                    DigestPost.period_end == period_end)
                           .order_by(DigestPost.run.desc())).first()


def claimed_ends(session: Session, *, team_id: str, ends: Sequence[datetime]) -> set[datetime]:
    """Which of these period ends are claimed already (one statement)."""
    if not ends:
        return set()
    return {audit.as_utc(end) for end in session.scalars(select(DigestPost.period_end).where(
        DigestPost.team_id == team_id, DigestPost.period_end.in_(list(ends))))}


def link(session: Session, *, team_id: str, record_id: str) -> str | None:
    return card_links(session, team_id=team_id, record_type=RECORD_TYPE, record_ids=[record_id]).get(record_id)


def mark_reviewed(session: Session, post: DigestPost, review_id: str) -> None:
    session.execute(update(DigestPost).where(DigestPost.id == post.id).values(review_id=review_id)
                    .execution_options(synchronize_session=False))
    post.review_id = review_id


def chain_witness(session: Session, *, team_id: str) -> dict:
    """The audit chain's head, witnessed in the digest's metadata (`trellis audit verify` reads it back)."""
    return dict(audit.head_witness(session, team_id=team_id))
