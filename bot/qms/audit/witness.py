"""The chain's head, witnessed outside the database: posted to Slack as message metadata.

`head_witness` is the metadata payload; the weekly digest attaches it to each digest post
(event type `EVENT_TYPE`, or its own, with these keys merged into its payload) and
`trellis audit witness` posts it on demand. `trellis audit verify` reads the posts back from
Slack and checks each witnessed head is still on the chain, so a rewritten history is found
even by someone who holds TRELLIS_AUDIT_KEY.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.qms.audit.chain import GENESIS, record
from models import AuditEvent, AuditHead

EVENT_TYPE = "trellis_audit_head"
TEAM, SEQ, HASH = "trellis_audit_team", "trellis_audit_seq", "trellis_audit_hash"  # keys of the event_payload
RECORD_TYPE, RECORD_ID, ACTION = "audit", "head", "audit.witnessed"


@dataclass(frozen=True)
class Witnessed:
    """A head as Slack holds it: which event, its hash, and where it was posted."""

    seq: int
    hash: str
    where: str  # "C123 at 1700000000.000100"


def head_witness(session: Session, *, team_id: str) -> dict:
    """The workspace's current head as a Slack metadata event_payload."""
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.team_id == team_id)).first()
    return {TEAM: team_id, SEQ: head.seq if head else 0, HASH: head.hash if head else GENESIS}


def witness(session: Session, *, team_id: str, channel: str, actor: str | None, now: datetime) -> dict:
    """Record that the head is being posted to `channel`; the payload names that very event."""
    event = record(session, team_id=team_id, record_type=RECORD_TYPE, record_id=RECORD_ID, action=ACTION,
                   actor=actor, now=now, after={"channel": channel})
    return {TEAM: team_id, SEQ: event.seq, HASH: event.hash}


def witnessed_in(message: dict, *, team_id: str, channel: str) -> Witnessed | None:
    """The head a Slack message (from conversations.history with include_all_metadata) witnesses."""
    payload = (message.get("metadata") or {}).get("event_payload") or {}
    if payload.get(TEAM) != team_id or HASH not in payload:
        return None
    try:
        seq = int(payload.get(SEQ))
    except (TypeError, ValueError):
        return None
    return Witnessed(seq, str(payload[HASH]), f"{channel} at {message.get('ts')}")


def witness_channels(session: Session, *, team_id: str) -> list[str]:
    """Every channel a head of this workspace was posted to by `witness`, oldest first."""
    rows = session.scalars(select(AuditEvent.after).where(
        AuditEvent.team_id == team_id, AuditEvent.record_type == RECORD_TYPE, AuditEvent.action == ACTION)
        .order_by(AuditEvent.seq + 0))  # + 0: sort these few, rather than walk the whole trail in seq order
    return list(dict.fromkeys(after["channel"] for after in rows if after and after.get("channel")))
