"""The audit chain's state as the workbook's Summary shows it: the same figures `trellis audit verify` prints."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.qms import audit
from bot.qms.audit.verification import Head
from models import AuditHead


@dataclass(frozen=True)
class ChainState:
    verdict: audit.Verdict
    head_seq: int
    head_hash: str

    def result(self) -> str:
        verdict = self.verdict
        if verdict.ok:
            keyed = "keyed (HMAC-SHA256)" if verdict.keyed else "unkeyed (SHA-256)"
            return f"intact: {verdict.checked} events checked, {verdict.replayed} records replayed, {keyed}"
        return f"BROKEN at event {verdict.broken_seq} {verdict.broken_record}: {verdict.reason}"


    @classmethod
    def of(cls, verdict: audit.Verdict) -> ChainState:
        return cls(verdict, verdict.head_seq, verdict.head_hash)


def chain_state(session: Session, *, team_id: str) -> ChainState:
    """Re-walk the chain (and replay the records) as `trellis audit verify` does; its head as verify found it."""
    return ChainState.of(audit.verify(session, team_id=team_id))


def head_of(session: Session, *, team_id: str) -> Head | None:
    """The chain's head in this snapshot: what a verify elsewhere checks the chain up to."""
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.team_id == team_id)).first()
    return Head(*head) if head else None
