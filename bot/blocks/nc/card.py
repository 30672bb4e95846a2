"""An NC's card (its home message), its review-thread lines and its private summary.

Every piece of user text goes through shown(): escaped, then cut to a display
limit counted after escaping (so Block Kit's limits hold even for text that is
all `&`), never inside an entity. The record keeps the full text.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.blocks.evidence import evidence_line
from bot.blocks.ids import KB_LESSON, NC_STEP_PREFIX
from bot.blocks.text import TITLE_SHOWN, context, escape, mrkdwn, plain, section, shown, slack_date, user
from bot.qms.nc.lifecycle import STATUS_LABELS, Step, next_step, steps_from

SEVERITY_LABELS = {"minor": "Minor", "major": "Major", "critical": "Critical"}
SOURCE_LABELS = {"internal": "Internal", "customer_complaint": "Customer complaint",
                 "internal_audit": "Internal audit", "supplier": "Supplier"}
# Display limits in characters after escaping, each with room for its label (Block Kit: a section's
# text 3000, a field 2000, a context element 3000). A 150-character title always shows in full.
FIELD_SHOWN = 1000
DETAIL_SHOWN = 3000 - 100
WHY_SHOWN = DETAIL_SHOWN // 5 - 10  # five whys share one section
DETAILS = (("description", "What happened"), ("correction", "Correction"), ("root_cause", "Root cause"),
           ("corrective_action", "Corrective action"), ("done_summary", "What was done"),
           ("effectiveness", "Effectiveness evidence"), ("not_effective_reason", "Not effective because"),
           ("rejection_reason", "Rejected because"))


def headline(record) -> str:
    return f"*{record.record_id}* · {shown(record.title, TITLE_SHOWN)}"


def nc_card(record, *, buttons: bool = True, names: Mapping[str, str] = {}) -> dict:  # noqa: B006
    """chat.postMessage / chat.update arguments (without channel) showing the record as it is now;
    `names` are the display names of people its quoted evidence mentions."""
    blocks = [section(headline(record)), {"type": "section", "fields": _fields(record)}]
    blocks += [section(f"*{label}*\n{_detail(getattr(record, name))}")
               for name, label in DETAILS if getattr(record, name)]
    evidence = evidence_line(record, names)
    if evidence:
        blocks.append(context(evidence))
    steps = steps_from(record.status) if buttons else []
    if steps:
        blocks.append({"type": "actions", "block_id": "nc_steps", "elements": [_button(record, s) for s in steps]})
    if buttons and record.status == "closed":  # what was learned goes to the knowledge base (7.1.6)
        blocks.append({"type": "actions", "block_id": "nc_lesson", "elements": [
            {"type": "button", "action_id": KB_LESSON, "text": plain("Save as lesson learned", 75),
             "value": record.record_id}]})
    status = STATUS_LABELS[record.status]
    return {"text": f"{record.record_id}: {shown(record.title, TITLE_SHOWN)} ({status})", "blocks": blocks}


def nc_summary(record, link: str | None) -> dict:
    """The private answer to `/qms nc NC-12`."""
    card = nc_card(record, buttons=False)
    where = f"<{escape(link)}|Open its card> to act on it or read its review thread." if link else \
        "Its card has not been posted yet."
    return {"response_type": "ephemeral", "text": card["text"], "blocks": [*card["blocks"], context(where)]}


def nc_thread_line(record, step: Step, actor: str, now: datetime) -> dict:
    """One short line in the card's thread: who, what, when."""
    return {"text": f"{user(actor)} {step.did} {record.record_id} — now *{STATUS_LABELS[record.status]}* · "
                    f"{slack_date(now)}"}


def _fields(record) -> list[dict]:
    fields = [("Severity", SEVERITY_LABELS.get(record.severity, escape(record.severity))),
              ("Status", STATUS_LABELS[record.status]),
              ("Process", shown(record.process, FIELD_SHOWN)),
              ("Source", SOURCE_LABELS.get(record.source, escape(record.source))),
              ("Reporter", user(record.reporter)),
              ("Owner", user(record.owner) if record.owner else "not assigned yet"),
              ("Age", f"reported {slack_date(record.created_at, '{ago}')}")]
    if record.due_date:
        fields.append(("Due", record.due_date.isoformat()))
    if record.customer:
        fields.append(("Customer", shown(record.customer, FIELD_SHOWN)))
    if record.feedback_id:
        fields.append(("From feedback", record.feedback_id))
    return [mrkdwn(f"*{label}*\n{value}") for label, value in fields]


def _detail(value) -> str:
    if isinstance(value, list):  # the five whys
        return "\n".join(f"{number}. {shown(why, WHY_SHOWN)}" for number, why in enumerate(value, 1))
    return shown(value, DETAIL_SHOWN)


def _button(record, step: Step) -> dict:
    button = {"type": "button", "action_id": f"{NC_STEP_PREFIX}{step.name}", "text": plain(step.label, 75),
              "value": record.record_id}
    if step.name == "reject":
        button["style"] = "danger"
        button["confirm"] = {
            "title": plain(f"Reject {record.record_id}?", 100),
            "text": plain("Rejecting says this is not a nonconformance. You will be asked for the reason.", 300),
            "confirm": plain("Reject", 30), "deny": plain("Keep it", 30), "style": "danger"}
    elif step is next_step(record.status):
        button["style"] = "primary"
    return button
