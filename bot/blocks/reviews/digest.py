"""The weekly digest message (ISO 9001 9.3.2) within Block Kit's limits: at most 50 blocks, 3000
characters per text; each list shows its top few then "and N more" with where to see the rest."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.blocks.ids import RECORD_REVIEW
from bot.blocks.text import context, escape, header, plain, section, shown, slack_date, user
from bot.qms.inputs import Figure, InputGroup, ItemList, ItemRef

MESSAGE_MAX_BLOCKS = 50
TEXT_BUDGET = 2800  # characters a list's section fills before the rest become "and N more"
ITEMS_SHOWN = 5
TITLE_SHOWN = 120
WHERE_MORE = "see `/qms mine` or the workbook (`/qms export`, `trellis export`)"
WORKBOOK = "The auditor's workbook: `/qms export` in Slack or `trellis export --out qms.xlsx`."
QUIET = "A quiet week: nothing was opened, closed, decided or due, and nothing is overdue or stale."
_MENTION = re.compile(r"&lt;@([UW][A-Z0-9_]+)&gt;")


@dataclass(frozen=True)
class DigestView:
    """What one digest message shows: the inputs (live or frozen), and its state."""

    record_id: str | None  # None for a preview
    period_start: datetime
    period_end: datetime
    groups: Sequence[InputGroup]
    links: Mapping[tuple[str, str], str]
    quiet: bool = False
    late: bool = False
    reviewed_as: str | None = None  # MR-n once the review is recorded


def digest_message(view: DigestView) -> dict:
    """chat.postMessage / chat.update arguments (without channel)."""
    blocks = [header("Weekly digest · management review"),
              context(f"ISO 9001 9.3 · {slack_date(view.period_start, '{date_short_pretty} {time}')} to "
                      f"{slack_date(view.period_end, '{date_short_pretty} {time}')}"
                      + (" · posted late: Trellis was not running when it was due" if view.late else "")
                      + ("" if view.record_id else " · a preview of this period so far, only for you"))]
    held = [group for group in view.groups if group.figures or group.lists]
    honest = [group for group in view.groups if not (group.figures or group.lists)]
    body = [section(QUIET)] if view.quiet else [block for group in held for block in group_blocks(group, view.links)]
    tail = []
    if honest:
        tail.append(section("\n".join(f"*{escape(group.title)}* — {escape(group.note or 'Not recorded.')}"
                                      for group in honest)))
    tail += _footer(view)
    room = MESSAGE_MAX_BLOCKS - len(blocks) - len(tail)
    if len(body) > room:
        body = body[: room - 1] + [context(f"Some lists were left out to fit Slack: {WHERE_MORE}.")]
    title = f"Weekly digest {view.record_id or '(preview)'}" + (f" · review recorded as {view.reviewed_as}"
                                                              if view.reviewed_as else "")
    return {"text": title, "blocks": blocks + body + tail}


def group_blocks(group: InputGroup, links: Mapping[tuple[str, str], str]) -> list[dict]:
    lines = [f"*{escape(group.title)}*", " · ".join(_figure(figure) for figure in group.figures)]
    if group.note:
        lines.append(f"_{_note(group.note)}_")
    return [section("\n".join(line for line in lines if line))] + [_list(entry, links) for entry in group.lists]


def _figure(figure: Figure) -> str:
    trend = f" (before: {', '.join(_value(value) for value in figure.trend)})" if figure.trend else ""
    return f"{escape(figure.label)}: *{_value(figure.value)}*{trend}"


def _value(value) -> str:
    return "—" if value is None else escape(str(value))


def _list(entry: ItemList, links: Mapping[tuple[str, str], str]) -> dict:
    head = f"*{escape(entry.heading)}* ({len(entry.items) + entry.more})"
    lines, left = [head], entry.more
    for index, item in enumerate(entry.items):
        line = item_line(item, links.get((item.record_type, item.record_id)))
        if index >= ITEMS_SHOWN or sum(map(len, lines)) + len(line) > TEXT_BUDGET:
            left += len(entry.items) - index
            break
        lines.append(line)
    if left:
        lines.append(f"…and {left} more: {WHERE_MORE}.")
    return section("\n".join(lines))


def item_line(item: ItemRef, link: str | None) -> str:
    name = f"<{escape(link)}|{escape(item.record_id)}>" if link else f"*{escape(item.record_id)}*"
    facts = [user(item.owner) if item.owner else "no owner",
             *([f"{item.age_days} day{'s' if item.age_days != 1 else ''}"] if item.age_days is not None else []),
             *([_note(item.note)] if item.note else [])]
    return f"• {name} {shown(item.title, TITLE_SHOWN)} — {' · '.join(facts)}"


def _note(note: str) -> str:
    """Notes are Trellis's words, but may carry a record's text: escaped, with mentions kept."""
    return _MENTION.sub(r"<@\1>", escape(note))


def _footer(view: DigestView) -> list[dict]:
    if view.reviewed_as:
        return [section(f":white_check_mark: Review recorded as *{escape(view.reviewed_as)}*. Its summary and "
                        "actions are in this thread."), context(WORKBOOK)]
    if not view.record_id:
        return [context(WORKBOOK)]
    button = {"type": "button", "action_id": RECORD_REVIEW, "style": "primary", "value": view.record_id,
              "text": plain("Record management review", 75)}
    return [{"type": "actions", "block_id": "digest_review", "elements": [button]},
            context("Reply in this thread to discuss: replies are kept with the review. " + WORKBOOK)]
