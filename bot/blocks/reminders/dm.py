"""One reminder DM: everything one person is reminded of, grouped by kind, each item with its id, age
and a link; each group with Snooze 1 day / Snooze 1 week. Within Block Kit's limits however many items."""
from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

from bot.blocks.ids import SNOOZE_DAY, SNOOZE_WEEK
from bot.blocks.reminders.buttons import ITEM_BUTTONS
from bot.blocks.text import SECTION_MAX, context, plain, section, shown, truncate
from bot.qms.inputs import Due

# What a group is called in the DM; a kind without a title here is named after itself.
KIND_TITLES = {
    "overdue_action": "Corrective actions past their due date",
    "stale_nc": "Nonconformances with no activity",
    "pending_approval": "Approvals waiting",
    "review_action": "Management review actions past their due date",
    "knowledge_review": "Knowledge to review",
    "unanswered_customer": "Customers waiting for an answer",
    "objective_update": "Objective values to enter",
}
SHOWN = 10  # items listed per group; the rest are counted ("and 4 more")
SHOWN_WITH_BUTTONS = 4  # items of a kind with its own buttons take two blocks each
TITLE_SHOWN = 80
GROUP_PREFIX = "reminder_group:"
FOOTER = ("Reminders come on working days between 09:00 and 17:30 your time, at most once a day for each item. "
          "Snooze postpones a group once; the record's own card has its next step.")


def kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind, kind.replace("_", " ").capitalize())


def shown_items(items: list[Due]) -> list[Due]:
    """The items a group lists (the links asked for are only these)."""
    limit = SHOWN_WITH_BUTTONS if items and items[0].kind in ITEM_BUTTONS else SHOWN
    return items[:limit]


def reminder_dm(groups: list[tuple[str, list[Due]]], *, day: date, links: Mapping[str, str]) -> dict:
    """`groups` as Reminder.groups() gives them; `links`: record id -> where its card is for this person."""
    count = sum(len(items) for _, items in groups)
    ids = [due.item.record_id for _, items in groups for due in items]
    text = f"Reminder: {count} item{'s' if count != 1 else ''} need{'s' if count == 1 else ''} you: " \
           f"{truncate(', '.join(ids), 500)}"
    blocks = [section(f"*{count} item{'s' if count != 1 else ''} need{'s' if count == 1 else ''} your attention.*")]
    for kind, items in groups:
        blocks += _group(kind, items, day, links)
    blocks.append(context(FOOTER))
    return {"text": text, "blocks": blocks}


def snoozed_line(kind: str, count: int, until: date) -> str:
    return (f"Snoozed: {kind_title(kind).lower()} ({count} item{'s' if count != 1 else ''}) until "
            f"{until:%a %d %b}. Nothing else changes.")


def nothing_to_snooze(kind: str) -> str:
    return f"Nothing to snooze: no {kind_title(kind).lower()} were reminded of in that message."


def snooze_value(kind: str, day: date) -> str:
    return json.dumps({"kind": kind, "day": day.isoformat()}, separators=(",", ":"))


def read_snooze_value(value: str) -> tuple[str, date]:
    """(kind, day) from a Snooze button's value; ValueError when it is not one of ours."""
    data = json.loads(value)
    return str(data["kind"])[:32], date.fromisoformat(data["day"])


def _group(kind: str, items: list[Due], day: date, links: Mapping[str, str]) -> list[dict]:
    listed, more = shown_items(items), len(items) - len(shown_items(items))
    heading = f"*{kind_title(kind)}* ({len(items)})"
    blocks: list[dict] = []
    if kind in ITEM_BUTTONS:
        blocks.append(section(heading))
        for due in listed:
            blocks += [section(_line(due, links)),
                       {"type": "actions", "block_id": f"reminder_item:{kind}:{due.item.record_id}"[:255],
                        "elements": ITEM_BUTTONS[kind](due)[:4]}]
    else:
        blocks += [section(text) for text in _packed([heading, *(_line(due, links) for due in listed)])]
    if more:
        blocks.append(context(f"and {more} more: see `/qms mine`"))
    value = snooze_value(kind, day)
    blocks.append({"type": "actions", "block_id": f"{GROUP_PREFIX}{kind}", "elements": [
        {"type": "button", "action_id": SNOOZE_DAY, "text": plain("Snooze 1 day"), "value": value},
        {"type": "button", "action_id": SNOOZE_WEEK, "text": plain("Snooze 1 week"), "value": value},
    ]})
    return blocks


def _packed(lines: list[str]) -> list[str]:
    """Lines joined into as few section texts as fit Slack's 3000 characters each."""
    texts = [""]
    for line in lines:
        if texts[-1] and len(texts[-1]) + 1 + len(line) > SECTION_MAX:
            texts.append("")
        texts[-1] = f"{texts[-1]}\n{line}" if texts[-1] else line
    return texts


def _line(due: Due, links: Mapping[str, str]) -> str:
    item = due.item
    link = links.get(item.record_id)
    name = f"<{link}|{item.record_id}>" if link else f"*{item.record_id}*"
    facts = [f"{item.age_days} day{'s' if item.age_days != 1 else ''}" if item.age_days is not None else None,
             shown(item.note, 200) if item.note else None,
             "escalated to you" if due.escalation else None]
    details = " · ".join(fact for fact in facts if fact)
    return f"• {name} {shown(item.title, TITLE_SHOWN)}" + (f" — {details}" if details else "")


def with_snoozed(blocks: list[dict], kind: str, line: str) -> list[dict]:
    """A reminder DM's blocks with one group's Snooze buttons replaced by what the snooze did."""
    return [context(line) if block.get("block_id") == f"{GROUP_PREFIX}{kind}" else block for block in blocks]
