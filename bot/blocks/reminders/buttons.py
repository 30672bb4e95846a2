"""Extra buttons a kind of reminder offers on each of its items, next to the group's Snooze buttons.

`ITEM_BUTTONS[kind](due)` -> Block Kit elements for that item's own actions block (action ids unique within
it, at most 4 so the item stays one row). A feature adds its line, e.g. knowledge:
    ITEM_BUTTONS["knowledge_review"] = lambda due: [still_true(due), edit(due), retire(due)]
"""
from __future__ import annotations

from collections.abc import Callable

from bot.qms.inputs import Due

ItemButtons = Callable[[Due], list[dict]]

ITEM_BUTTONS: dict[str, ItemButtons] = {}
