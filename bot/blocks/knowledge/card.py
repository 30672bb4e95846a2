"""An entry's card in the knowledge channel (its home message, updated in place) and its buttons.

Every text is people's (typed, or a message made readable when saved): escaped and cut by shown().
"""
from __future__ import annotations

from datetime import datetime

from bot.blocks.evidence import is_dm
from bot.blocks.ids import KB_CONFIRM, KB_EDIT_BUTTON, KB_REASSIGN_BUTTON, KB_RETIRE
from bot.blocks.text import TITLE_SHOWN, context, escape, mrkdwn, plain, section, shown, slack_date, user
from bot.qms.knowledge.lifecycle import STATUS_LABELS

BODY_SHOWN = 2900
THREAD_SHOWN = 2800
FIELD_SHOWN = 500
DAY = "{date_short_pretty}"


def headline(entry) -> str:
    return f"*{entry.record_id}* · {shown(entry.title, TITLE_SHOWN)}"


def kb_card(entry, *, orphaned: bool = False, now: datetime | None = None) -> dict:
    """chat.postMessage / chat.update arguments (without channel) showing the entry as it is now;
    `orphaned`: its owner has left the workspace (a manager reassigns it)."""
    blocks = [section(headline(entry)), {"type": "section", "fields": _fields(entry, orphaned, now)},
              section(shown(entry.body, BODY_SHOWN))]
    thread = _thread(entry)
    if thread:
        blocks.append(thread)
    blocks.append(context(*source_lines(entry)))
    if orphaned and entry.status == "current":
        blocks.append(context(f":warning: {user(entry.owner)} has left the workspace, so nobody keeps this true. "
                              "A manager can reassign it."))
    if entry.status == "current":
        blocks.append({"type": "actions", "block_id": "kb_entry", "elements": entry_buttons(
            entry.record_id, due=now is not None and entry.next_review_at <= now, orphaned=orphaned)})
    return {"text": f"{entry.record_id}: {shown(entry.title, TITLE_SHOWN)} ({STATUS_LABELS[entry.status]})",
            "blocks": blocks}


def entry_buttons(record_id: str, *, due: bool = False, orphaned: bool = False) -> list[dict]:
    """Edit, Still true and Retire (and Reassign for an orphaned entry): on the card and in a reminder."""
    still_true = _button(KB_CONFIRM, "Still true", record_id)
    if due:
        still_true["style"] = "primary"
    retire = _button(KB_RETIRE, "Retire", record_id)
    retire["style"] = "danger"
    retire["confirm"] = {
        "title": plain(f"Retire {record_id}?", 100),
        "text": plain("It stays on record (search with status:retired) but is no longer offered or reviewed.", 300),
        "confirm": plain("Retire", 30), "deny": plain("Keep it", 30), "style": "danger"}
    buttons = [_button(KB_EDIT_BUTTON, "Edit", record_id), still_true, retire]
    if orphaned:
        buttons.append(_button(KB_REASSIGN_BUTTON, "Reassign", record_id))
    return buttons


def source_lines(entry) -> list[str]:
    """Who saved it, from where, and what it was learned from."""
    lines = []
    saved = f"Saved by {user(entry.saver)} {slack_date(entry.created_at, DAY)}"
    if entry.source_channel:
        if entry.source_private:
            where = "a direct message" if is_dm(entry.source_channel) else "a private conversation"
        else:
            where = f"<#{entry.source_channel}>"
        message = f"<{escape(entry.source_permalink)}|a message>" if entry.source_permalink else "a message"
        by = f" by {user(entry.author)}" if entry.author else (
            f" by the app *{escape(entry.source_author_name)}*" if entry.source_author_name else "")
        saved += f" from {message}{by} in {where}"
    elif entry.author and entry.author != entry.saver:
        saved += f", written by {user(entry.author)}"
    lines.append(saved)
    if entry.nc_id:
        lines.append(f"Lesson learned from {escape(entry.nc_id)}")
    if entry.status == "retired":
        lines.append(f"Retired by {user(entry.retired_by)} {slack_date(entry.retired_at, DAY)}")
    return lines


def _fields(entry, orphaned: bool, now: datetime | None) -> list[dict]:
    owner = user(entry.owner) + (" (has left)" if orphaned else "")
    due = now is not None and entry.next_review_at <= now and entry.status == "current"
    review = slack_date(entry.next_review_at, DAY) + (" · *due*" if due else "")
    fields = [("Process", shown(entry.process, FIELD_SHOWN)), ("Owner", owner),
              ("Last confirmed", slack_date(entry.confirmed_at, DAY)), ("Next review", review),
              ("Status", STATUS_LABELS[entry.status]), ("Version", str(entry.version))]
    if entry.tags:
        fields.append(("Tags", shown(", ".join(entry.tags), FIELD_SHOWN)))
    return [mrkdwn(f"*{label}*\n{value}") for label, value in fields]


def _thread(entry) -> dict | None:
    if entry.thread_state == "pending":
        return context("Adding the thread's replies…")
    if entry.thread_state == "failed":
        return context("The thread's replies could not be read from Slack: this entry keeps the message only.")
    if not entry.thread_text:
        return None
    left_out = f"\n_{entry.thread_left_out} later replies did not fit: the message link has them._" \
        if entry.thread_left_out else ""
    return section(f"*From the thread*\n{shown(entry.thread_text, THREAD_SHOWN)}{left_out}")


def _button(action_id: str, label: str, record_id: str) -> dict:
    return {"type": "button", "action_id": action_id, "text": plain(label, 75), "value": record_id}
