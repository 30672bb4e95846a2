"""The tamper-evident audit trail (ISO 9001 7.5.3.2).

chain         record an event (HMAC-SHA256 links with TRELLIS_AUDIT_KEY, else SHA-256)
witness       the head as Slack metadata (`head_witness`, the digest's seam) and `trellis audit witness`
walk          re-walk one chain, streamed
replaying     replay each record's events against its row (record types: registry.py)
verification  `verify` and its Verdict, `team_ids`
"""
from __future__ import annotations

from bot.qms.audit.chain import GENESIS, KEY_INFO, audit_key, event_hash, record
from bot.qms.audit.witness import head_witness, witness
from bot.qms.plain import as_utc, jsonable  # callers have always found them here

__all__ = ["GENESIS", "KEY_INFO", "Verdict", "as_utc", "audit_key", "event_hash", "head_witness", "jsonable", "record",
           "team_ids", "verify", "witness"]


def __getattr__(name: str):
    # Verification pulls in every feature's Trail, and features import this package to record:
    # it is loaded when first asked for, not with `record`.
    if name in ("Verdict", "verify", "team_ids"):
        from bot.qms.audit import verification

        return getattr(verification, name)
    raise AttributeError(f"module 'bot.qms.audit' has no attribute {name!r}")
