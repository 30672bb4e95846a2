"""What `/qms export` says: building, the file's comment in the requester's DM, and a failed upload."""
from __future__ import annotations

from bot.blocks.text import escape, section

BUILDING = ("Building the auditor's workbook… I'll send it to you here in a direct message when it is ready "
            "(a minute or two for a large trail).")


def building_message() -> dict:
    return {"response_type": "ephemeral", "text": BUILDING}


def bad_period_message(problem: str) -> dict:
    return {"response_type": "ephemeral",
            "text": f"Nothing was built: {escape(problem)}. Try `/qms export`, or `/qms export 2026-01-01 2026-03-31` "
                    "for the first quarter of 2026 (UTC days, both included)."}


def file_comment(counts: dict[str, int], chain_result: str, head_hash: str) -> str:
    """The message the workbook arrives with: what it holds, and the audit chain's state."""
    held = ", ".join(f"{name}: {number}" for name, number in counts.items() if number)
    return (f"Here is the auditor's workbook. {held or 'No records yet'}.\n"
            f"Audit chain {chain_result} (head {head_hash[:12]}…).")


def failed_message(error: str) -> dict:
    text = (f"I could not send you the auditor's workbook: {escape(error)}. Nothing was kept on the server; "
            "try `/qms export` again, or ask whoever runs Trellis to use `trellis export`.")
    return {"text": text, "blocks": [section(text)]}
