"""Re-walk one workspace's chain in order, streamed in batches (constant memory)."""
from __future__ import annotations

import json
from collections import namedtuple
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import String, Text, cast, select, type_coerce
from sqlalchemy.orm import Session

from bot.qms.audit.chain import GENESIS, event_hash, link, moment, stored_canonical, stored_event_hash
from bot.qms.audit.tuples import tuples
from bot.qms.audit.witness import Witnessed
from models import AuditEvent

BATCH = 20000
# `before` and `after` as their stored text: hashed as they are when canonical (see stored_event_hash).
COLUMNS = (AuditEvent.team_id, AuditEvent.seq, AuditEvent.record_type, AuditEvent.record_id, AuditEvent.action,
           AuditEvent.actor, AuditEvent.at, cast(AuditEvent.before, Text).label("before"),
           cast(AuditEvent.after, Text).label("after"), AuditEvent.prev_hash, AuditEvent.hash, AuditEvent.keyed)
# On SQLite `at` is read as its stored text too: `chain.moment` rewrites it, which parsing would cost more than.
SQLITE_AT = type_coerce(AuditEvent.at, String).label("at")
SQLITE_COLUMNS = (*COLUMNS[:6], SQLITE_AT, *COLUMNS[7:])
# An event as the long way round reads it (the inline check takes the driver's plain tuple apart).
Event = namedtuple("Event", [column.key for column in COLUMNS])


@dataclass
class Walked:
    checked: int = 0
    last_hash: str = GENESIS
    keyed_from: int | None = None  # the first keyed event (events before it were written without a key)
    witnessed: int = 0  # witnessed heads found on the chain
    broken_seq: int | None = None
    broken_record: str | None = None
    reason: str | None = None

    def broken(self, seq: int | None, record: str, reason: str) -> Walked:
        self.broken_seq, self.broken_record, self.reason = seq, record, reason
        return self


def walk(session: Session, *, team_id: str, key: bytes | None, witnessed: Mapping[int, Witnessed],
         upto: int | None = None) -> Walked:
    """Check every link (up to event `upto`, if given); stop at the first event that does not fit."""
    walked = Walked()
    columns = SQLITE_COLUMNS if session.get_bind().dialect.name == "sqlite" else COLUMNS
    query = select(*columns).where(AuditEvent.team_id == team_id).order_by(AuditEvent.seq)
    if upto is not None:
        query = query.where(AuditEvent.seq <= upto)
    events = tuples(session, query, batch=BATCH)
    with closing(events):  # a break stops the driver's cursor now, while its transaction is open
        return _walk(events, walked, key, witnessed)


def _walk(events, walked: Walked, key: bytes | None, witnessed: Mapping[int, Witnessed]) -> Walked:
    for event in events:
        team, seq, record_type, record_id, action, actor, at, before, after, prev_hash, stored, keyed = event
        # The usual event, checked inline; anything else goes the long way round for its reason.
        if (seq == walked.checked + 1 and prev_hash == walked.last_hash and seq not in witnessed
                and (key is not None if keyed else walked.keyed_from is None)
                and link(stored_canonical(team, seq, record_type, record_id, action, actor, moment(at), before,
                                          after, prev_hash), key if keyed else None) == stored):
            reason = None
        else:
            event = Event(*event)
            reason = _problem(event, walked, key)
            if reason is None and seq in witnessed and witnessed[seq].hash != stored:
                reason = f"the head witnessed in Slack ({witnessed[seq].where}) is no longer on the chain"
        if reason:
            return walked.broken(seq, f"{record_id} ({action})", reason)
        if keyed and walked.keyed_from is None:
            walked.keyed_from = seq
        walked.witnessed += seq in witnessed
        walked.checked, walked.last_hash = seq, stored
    beyond = sorted(seq for seq in witnessed if seq > walked.checked)
    if beyond:
        where = witnessed[beyond[0]].where
        return walked.broken(beyond[0], "(end of trail)", f"the trail ends at event {walked.checked} but Slack "
                                                            f"witnessed event {beyond[0]} ({where})")
    return walked


def _problem(event, walked: Walked, key: bytes | None) -> str | None:
    if event.seq != walked.checked + 1:
        return f"event {walked.checked + 1} is missing"
    if event.prev_hash != walked.last_hash:
        return "link to the previous event is broken"
    if event.keyed and key is None:
        return "it was written with TRELLIS_AUDIT_KEY, which is not set here: set it to verify"
    if not event.keyed and walked.keyed_from is not None:
        return (f"it was written without the key after event {walked.keyed_from} was keyed "
                "(TRELLIS_AUDIT_KEY was unset, or the trail was rewritten without it)")
    if not _linked(event, key if event.keyed else None):
        if event.keyed:
            return "content was changed after it was written, or TRELLIS_AUDIT_KEY is not the key it was written with"
        return "content was changed after it was written"
    return None


def _linked(event, key: bytes | None) -> bool:
    """Whether the stored hash is the event's link: from its stored text, else (text stored in another
    form, e.g. before audit_1) from its parsed values."""
    if stored_event_hash(event, key) == event.hash:
        return True
    parsed = {**event._asdict(), "at": _instant(event.at), "before": _parse(event.before),
              "after": _parse(event.after)}
    return event_hash(SimpleNamespace(**parsed), key) == event.hash


def _parse(text: str | None):
    try:
        return json.loads(text) if text is not None else None
    except ValueError:
        return text  # not JSON: it cannot hash like the event that was written


def _instant(at: datetime | str) -> datetime:
    return datetime.fromisoformat(at) if isinstance(at, str) else at
