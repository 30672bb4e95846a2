"""`trellis audit verify`: the chain, its head, the heads Slack witnessed, and every record's replay."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.qms.audit import replaying
from bot.qms.audit.chain import GENESIS, audit_key
from bot.qms.audit.registry import TRAILS
from bot.qms.audit.walk import Walked, walk
from bot.qms.audit.witness import Witnessed
from models import AuditEvent, AuditHead

# Walks the chain elsewhere (bot.audit_elsewhere.py: another process), called with `walk`'s arguments but
# the session, and `split`: then replays the records from each split id on. Returns the function that waits
# for (its Walked, its replay: None when the walk found a break).
Walker = Callable[..., Callable[[], tuple[Walked, tuple[int, replaying.Mismatch | None] | None]]]
ELSEWHERE_FROM = 100_000  # events: below this, checking them takes less than starting a process
# Of each trail's records, the share the walking process also replays. Walking an event costs about two
# thirds of replaying one (1M events on SQLite: 5.9 s to walk, 9.3 s to replay), so with a fifth of the
# records each process is busy for about the same time.
ELSEWHERE_SHARE = 0.2


class Head(NamedTuple):
    seq: int
    hash: str


@dataclass(frozen=True)
class Verdict:
    team_id: str
    checked: int  # events whose links were checked
    broken_seq: int | None = None
    broken_record: str | None = None
    reason: str | None = None
    head_seq: int = 0
    head_hash: str = GENESIS
    keyed: bool = False  # the newest event is keyed (HMAC-SHA256 with TRELLIS_AUDIT_KEY)
    keyed_from: int | None = None
    replayed: int = 0  # records whose stored state matched their trail
    witnessed: int = 0  # heads witnessed in Slack found on the chain

    @property
    def ok(self) -> bool:
        return self.reason is None


def verify(session: Session, *, team_id: str, witnessed: Sequence[Witnessed] = (), walker: Walker | None = None,
           as_of: Head | None = None) -> Verdict:
    """Re-walk the chain, check its head and the witnessed heads, replay every record; name the first
    event or record that does not fit. With a `walker`, a long chain is walked by it while this
    process replays the records (two cores), to the newest event this session's snapshot holds.
    `as_of`: the head another snapshot read (a workbook's): the chain is checked up to it, not further."""
    if as_of is None:
        upto = session.scalar(select(func.max(AuditEvent.seq)).where(AuditEvent.team_id == team_id))
    else:
        upto = as_of.seq
    arguments = {"team_id": team_id, "key": audit_key(session), "witnessed": {w.seq: w for w in witnessed},
                 "upto": upto}
    replay = None
    if walker is not None and (upto or 0) >= ELSEWHERE_FROM:
        split = replaying.split_at(session, team_id=team_id, share=ELSEWHERE_SHARE)
        walked_elsewhere = walker(**arguments, split=split)
        replayed, mismatch = replaying.check(session, team_id=team_id, split=split)
        walked, rest = walked_elsewhere()
        if rest is not None:
            replay = replayed + rest[0], mismatch or rest[1]
    else:
        walked = walk(session, **arguments)
    figures = {"head_seq": walked.checked, "head_hash": walked.last_hash, "keyed_from": walked.keyed_from,
               "keyed": walked.keyed_from is not None, "witnessed": walked.witnessed}
    if walked.reason:
        return Verdict(team_id, walked.checked, walked.broken_seq, walked.broken_record, walked.reason, **figures)
    head = as_of or session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.team_id == team_id)).first()
    if walked.checked and head is None:
        return Verdict(team_id, walked.checked, walked.checked, "(end of trail)",
                       f"the trail holds {walked.checked} events but its head is gone", **figures)
    if head is not None and (head.seq != walked.checked or head.hash != walked.last_hash):
        return Verdict(team_id, walked.checked, walked.checked + 1, "(end of trail)",
                       f"the trail ends at event {walked.checked} but {head.seq} were written", **figures)
    replayed, mismatch = replay or replaying.check(session, team_id=team_id)
    if mismatch:
        newest = f" (its newest event is {mismatch.seq})" if mismatch.seq else ""
        return Verdict(team_id, walked.checked, None, mismatch.record, mismatch.reason + newest,
                       replayed=replayed, **figures)
    return Verdict(team_id, walked.checked, replayed=replayed, **figures)


def team_ids(session: Session) -> list[str]:
    """Every workspace with a chain, an event or a record of any replayed type."""
    columns = [AuditHead.team_id, AuditEvent.team_id, *(trail.model.__table__.c.team_id for trail in TRAILS)]
    found: set[str] = set()
    for column in columns:
        found.update(_distinct(session, column))
    return sorted(found)


def _distinct(session: Session, column) -> list[str]:
    """Distinct values of an indexed column, one index seek each (not a scan of a million events)."""
    values, after = [], None
    while True:
        query = select(func.min(column))
        if after is not None:
            query = query.where(column > after)
        after = session.scalar(query)
        if after is None:
            return values
        values.append(after)
