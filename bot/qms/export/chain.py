"""The audit chain's state as the workbook's Summary shows it: the same figures `trellis audit verify` prints."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.qms import audit
from models import AuditHead


@dataclass(frozen=True)
class ChainState:
    verdict: audit.Verdict
    head_seq: int
    head_hash: str

    def result(self) -> str:
        verdict = self.verdict
        if verdict.ok:
            return f"intact: {verdict.checked} events checked"
        return f"BROKEN at event {verdict.broken_seq} {verdict.broken_record}: {verdict.reason}"


def chain_state(session: Session, *, team_id: str) -> ChainState:
    """Re-walk the chain and read its head. The head is read from `audit_head` here, the one place to
    point at the Verdict's own head fields once it carries them."""
    verdict = audit.verify(session, team_id=team_id)
    head = session.get(AuditHead, team_id)
    return ChainState(verdict, head.seq if head else 0, head.hash if head else audit.GENESIS)
