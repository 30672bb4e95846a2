"""Extra buttons a kind of reminder offers on each of its items, next to the group's Snooze buttons.

`ITEM_BUTTONS[kind](due)` -> Block Kit elements for that item's own actions block (action ids unique within
it, at most 4 so the item stays one row). A feature adds its line, e.g. knowledge:
    ITEM_BUTTONS["knowledge_review"] = lambda due: [still_true(due), edit(due), retire(due)]
"""
from __future__ import annotations

from collections.abc import Callable

from bot.blocks.ids import OBJECTIVE_UPDATE
from bot.blocks.knowledge.card import entry_buttons
from bot.blocks.text import plain
from bot.qms.inputs import Due

ItemButtons = Callable[[Due], list[dict]]


def _objective_value(due: Due) -> list[dict]:
    """A manual measure's period has ended: its owner enters the value (the objective's own value modal)."""
    return [{"type": "button", "action_id": OBJECTIVE_UPDATE, "text": plain("Enter value", 75),
             "value": due.extra.get("value", due.item.record_id), "style": "primary"}]


ITEM_BUTTONS: dict[str, ItemButtons] = {
    "knowledge_review": lambda due: entry_buttons(due.item.record_id, due=True),
    "objective_update": _objective_value,
}
