"""What valid customer feedback is (whatever the modal offered: a forged submission meets these too)."""
from __future__ import annotations

import re
from dataclasses import dataclass

# scale -> (lowest, highest, a score at or below this is low)
SCALES = {"csat": (1, 5, 2), "nps": (0, 10, 6)}
SCALE_LABELS = {"csat": "CSAT (1–5)", "nps": "NPS (0–10)"}
VIA = {"call": "Call", "email": "Email", "meeting": "Meeting", "survey": "Survey", "slack": "Slack"}
COMMENT_MAX = 3000
CUSTOMER_MAX = 140  # a new name travels in an option's value (150 characters) behind its prefix
KNOWN, NEW = "c:", "n:"  # a customer option's value: a known customer's id, or a name typed in
RELATED = re.compile(r"^(NC|APR)-\d{1,9}$")


@dataclass(frozen=True)
class FeedbackDraft:
    customer: str | None = None  # an option's value: "c:12" or "n:Acme Ltd"
    score: str | None = None
    comment: str | None = None
    received_via: str | None = None
    related: str | None = None  # NC-4 or APR-2

    @property
    def customer_id(self) -> int | None:
        value = self.customer or ""
        return int(value[len(KNOWN):]) if value.startswith(KNOWN) and value[len(KNOWN):].isdigit() else None

    @property
    def customer_name(self) -> str | None:
        value = self.customer or ""
        return " ".join(value[len(NEW):].split()) or None if value.startswith(NEW) else None

    @property
    def related_id(self) -> str | None:
        return (self.related or "").strip().upper() or None


def is_low(scale: str, score: int) -> bool:
    return score <= SCALES[scale][2]


def problems(draft: FeedbackDraft, *, scale: str) -> dict[str, str]:
    """Problems by field; whether a named NC or approval exists is `related_problem`'s to say."""
    found = {}
    lowest, highest, _ = SCALES[scale]
    if draft.customer_id is None and not draft.customer_name:
        found["customer"] = "Pick the customer, or type a new customer's name and choose it."
    elif draft.customer_name and len(draft.customer_name) > CUSTOMER_MAX:
        found["customer"] = f"Keep the name to {CUSTOMER_MAX} characters or fewer."
    if not (draft.score or "").lstrip("-").isdigit() or not lowest <= int(draft.score) <= highest:
        found["score"] = f"Pick a score from {lowest} to {highest}."
    if len(draft.comment or "") > COMMENT_MAX:
        found["comment"] = f"Keep this to {COMMENT_MAX} characters or fewer (it has {len(draft.comment)})."
    if draft.received_via not in VIA:
        found["received_via"] = "Pick how the feedback came."
    if draft.related_id and not RELATED.match(draft.related_id):
        found["related"] = "Give a nonconformance or approval id, like NC-4 or APR-2."
    return found
