"""Every feature's refusals (bot.qms.refusals.Refused) in words: one place to look them up."""
from __future__ import annotations

from collections.abc import Callable

from bot.blocks.approvals.refusals import WORDS as APPROVAL_WORDS
from bot.blocks.feedback.refusals import WORDS as FEEDBACK_WORDS
from bot.blocks.knowledge.refusals import WORDS as KB_WORDS
from bot.blocks.nc.refusals import WORDS as NC_WORDS
from bot.blocks.objectives.refusals import WORDS as OBJECTIVE_WORDS
from bot.blocks.reviews.refusals import ACTION_WORDS, DIGEST_WORDS
from bot.qms.counters import parse_id
from bot.qms.refusals import Refused

# (record type, code) -> words; record type "" for refusals about no record.
WORDS: dict[tuple[str, str], Callable[[Refused], str]] = {
    **{("nc", code): words for code, words in NC_WORDS.items()},
    **{("approval", code): words for code, words in APPROVAL_WORDS.items()},
    **{("action", code): words for code, words in ACTION_WORDS.items()},
    **{("", code): words for code, words in DIGEST_WORDS.items()},
    **{("kb", code): words for code, words in KB_WORDS.items()},
    **{("feedback", code): words for code, words in FEEDBACK_WORDS.items()},
    **{("objective", code): words for code, words in OBJECTIVE_WORDS.items()},
    **{("", code): words for code, words in OBJECTIVE_WORDS.items() if code == "objective_manager"},
    ("", "manager_unconfirmed"): lambda r: ("I could not check with Slack that you are a workspace admin just now, "
                                            "so nothing was changed. Try again in a moment."),
    ("", "manage_settings"): lambda r: ("Only Trellis managers and workspace admins can change settings. "
                                        "Ask one of them, or an admin can add you under Managers in "
                                        "`/qms settings`."),
    ("", "export_workbook"): lambda r: ("Only Trellis managers and workspace admins can export the auditor's "
                                        "workbook. Ask one of them to run `/qms export`."),
}
FALLBACK = "That cannot be done now, so nothing was changed."


def refusal_text(refused: Refused) -> str:
    record_id = getattr(refused.record, "record_id", None) or refused.facts.get("record_id") or ""
    kind = (parse_id(record_id) or ("", 0))[0]
    words = WORDS.get((kind, refused.code)) or WORDS.get(("", refused.code))
    return words(refused) if words else FALLBACK
