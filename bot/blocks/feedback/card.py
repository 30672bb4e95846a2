"""A feedback record's card in the quality channel (updated in place when an NC is raised from it)."""
from __future__ import annotations

from collections.abc import Mapping

from bot.blocks.evidence import evidence_line
from bot.blocks.feedback.modals import raise_nc_button, score_label
from bot.blocks.text import context, escape, mrkdwn, section, shown, slack_date, user
from bot.qms.feedback.rules import SCALE_LABELS, SCALES, VIA, is_low

COMMENT_SHOWN = 2900


def headline(record) -> str:
    highest = SCALES[record.scale][1]
    low = " · *low score*" if is_low(record.scale, record.score) else ""
    return f"*{record.record_id}* · {shown(record.customer, 300)} · {record.score}/{highest}{low}"


def feedback_card(record, *, names: Mapping[str, str] = {}) -> dict:  # noqa: B006 - read only
    fields = [("Customer", shown(record.customer, 1000)),
              ("Score", f"{score_label(record.scale, record.score)} ({SCALE_LABELS[record.scale]})"),
              ("How it came", VIA.get(record.received_via, escape(record.received_via))),
              ("Logged by", user(record.logged_by)), ("Logged", slack_date(record.created_at))]
    related = record.related_nc or record.related_approval
    if related:
        fields.append(("About", related))
    if record.raised_nc:
        fields.append(("Nonconformance raised", record.raised_nc))
    blocks = [section(headline(record)), {"type": "section", "fields": [mrkdwn(f"*{label}*\n{value}")
                                                                        for label, value in fields]}]
    if record.comment:
        blocks.append(section(f"*What they said*\n{shown(record.comment, COMMENT_SHOWN)}"))
    evidence = evidence_line(record, names)
    if evidence:
        blocks.append(context(evidence))
    if is_low(record.scale, record.score) and not record.raised_nc:
        blocks.append({"type": "actions", "block_id": "feedback_next", "elements": [raise_nc_button(record.record_id)]})
    text = f"{record.record_id}: {shown(record.customer, 300)} scored {record.score}/{SCALES[record.scale][1]}"
    return {"text": text, "blocks": blocks}


def raised_line(record, nc_id: str, actor: str) -> dict:
    """The feedback card's thread: who raised which NC from it."""
    return {"text": f"{user(actor)} raised {nc_id} from {record.record_id} (a customer complaint)."}
