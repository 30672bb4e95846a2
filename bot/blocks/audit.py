"""The audit trail's head as Slack shows it: a short post whose metadata is the witness."""
from __future__ import annotations

from bot.qms.audit.witness import EVENT_TYPE, HASH, SEQ


def head_message(payload: dict) -> dict:
    """`payload` is bot.qms.audit.head_witness's (or witness's): it rides as the message's metadata."""
    line = f"Audit trail head: event {payload[SEQ]}, hash `{payload[HASH]}`"
    return {
        "text": line,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f":lock: {line}"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": (
                "Kept here, outside Trellis's database, so `trellis audit verify` can prove the trail "
                "was not rewritten since. Please do not delete this message.")}]},
        ],
        "metadata": {"event_type": EVENT_TYPE, "event_payload": payload},
    }
