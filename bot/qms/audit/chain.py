"""Write the tamper-evident audit trail: one hash chain per workspace.

Every state change calls `record` inside its own transaction, so the change and
its audit event commit or roll back together. With TRELLIS_AUDIT_KEY set each
link is an HMAC-SHA256 (someone who can write the database but does not hold the
key cannot recompute the chain); without it, plain SHA-256. Each event says
whether it was keyed, so a history whose key was added later still verifies:
unkeyed events up to some point, keyed ones from there on.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from json.encoder import encode_basestring

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.qms.plain import as_utc, jsonable
from bot.qms.rows import insert_ignore
from models import AuditEvent, AuditHead
from models.audit import CANONICAL

quote = encode_basestring  # a str as CANONICAL writes it (ensure_ascii=False)

GENESIS = "0" * 64
# The session.info entry holding the HMAC key (bytes); bot.db.make_session_factory puts it there,
# so every existing `record(...)` caller stays as it is.
KEY_INFO = "trellis_audit_key"


def audit_key(session: Session) -> bytes | None:
    return session.info.get(KEY_INFO) or None


def event_hash(event, key: bytes | None = None) -> str:
    """The link of `event` (an AuditEvent or a row with its columns): HMAC-SHA256 with `key`, else SHA-256."""
    content = {
        "team_id": event.team_id, "seq": event.seq, "record_type": event.record_type,
        "record_id": event.record_id, "action": event.action, "actor": event.actor,
        "at": as_utc(event.at).isoformat(timespec="microseconds"), "before": event.before,
        "after": event.after, "prev_hash": event.prev_hash,
    }
    return link(CANONICAL.encode(content).encode(), key)


def stored_event_hash(row, key: bytes | None = None) -> str:
    """`event_hash` of a row whose `before` and `after` are the stored JSON text: equal to it when that
    text is canonical (as `record` stores it), so nothing needs parsing. `at` may be a datetime or the
    text SQLite stores (see `moment`)."""
    return link(stored_canonical(row.team_id, row.seq, row.record_type, row.record_id, row.action, row.actor,
                                 moment(row.at), row.before, row.after, row.prev_hash), key)


def stored_canonical(team_id, seq, record_type, record_id, action, actor, at_text, before, after, prev_hash) -> bytes:
    """The canonical text of an event from its stored columns, put together by hand (keys in sorted
    order): the walk's inner loop. SQL NULL text is JSON null."""
    return ('{"action":' + quote(action) + ',"actor":' + ("null" if actor is None else quote(actor))
            + ',"after":' + (after or "null") + ',"at":"' + at_text + '","before":' + (before or "null")
            + ',"prev_hash":' + quote(prev_hash) + ',"record_id":' + quote(record_id)
            + ',"record_type":' + quote(record_type) + ',"seq":' + str(int(seq))
            + ',"team_id":' + quote(team_id) + "}").encode()


def link(canonical: bytes, key: bytes | None) -> str:
    if key:
        return hmac.digest(key, canonical, "sha256").hex()
    return hashlib.sha256(canonical).hexdigest()


def moment(at: datetime | str) -> str:
    """`at` as the chain writes it (UTC, microseconds). SQLite hands back its stored text,
    "YYYY-MM-DD HH:MM:SS.ffffff" in UTC, when read without the column's type: rewritten, not parsed."""
    if isinstance(at, str):
        if len(at) == 26 and at[10] == " ":
            return at[:10] + "T" + at[11:] + "+00:00"
        at = datetime.fromisoformat(at)
    if at.tzinfo is None:
        return at.isoformat(timespec="microseconds") + "+00:00"
    return as_utc(at).isoformat(timespec="microseconds")


def record(
    session: Session, *, team_id: str, record_type: str, record_id: str, action: str,
    actor: str | None, now: datetime, before: dict | None = None, after: dict | None = None,
) -> AuditEvent:
    """Append one event to the workspace's chain (locks the chain head until commit)."""
    seq, prev_hash = _advance_head(session, team_id)
    key = audit_key(session)
    event = AuditEvent(
        team_id=team_id, seq=seq, record_type=record_type, record_id=record_id, action=action,
        actor=actor, at=as_utc(now), before=jsonable(before), after=jsonable(after),
        prev_hash=prev_hash, hash="", keyed=key is not None,
    )
    event.hash = event_hash(event, key)
    session.add(event)
    session.flush()  # the event first: the head's trigger only lets it point at a stored event
    session.execute(
        update(AuditHead).where(AuditHead.team_id == team_id).values(hash=event.hash)
        .execution_options(synchronize_session=False)
    )
    return event


def _advance_head(session: Session, team_id: str) -> tuple[int, str]:
    """Take the next sequence number and the previous link; the workspace's first event makes the head."""
    for _attempt in range(2):
        taken = session.execute(
            update(AuditHead).where(AuditHead.team_id == team_id)
            .values(seq=AuditHead.seq + 1).returning(AuditHead.seq, AuditHead.hash)
            .execution_options(synchronize_session=False)
        ).first()
        if taken is not None:
            return taken.seq, taken.hash
        insert_ignore(session, AuditHead, team_id=team_id, seq=0, hash=GENESIS)
    raise RuntimeError(f"the audit head of {team_id} could not be created")  # pragma: no cover
