"""Why a click on a feedback card did nothing (bot.qms.feedback.complaints codes)."""
from __future__ import annotations

WORDS = {
    "feedback_not_found": lambda r: f"I cannot find {r.facts['record_id']} in this workspace.",
    "feedback_nc_raised": lambda r: (f"{r.record.record_id} already has its nonconformance, "
                                     f"{r.record.raised_nc}: nothing new was raised."),
}
