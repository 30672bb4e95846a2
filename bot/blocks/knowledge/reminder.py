"""One entry due for review in a reminder DM (bot.qms.knowledge.reminders' Due items): what it is and the
buttons its owner answers with — Still true, Edit, Retire — handled by handlers/knowledge like the card's."""
from __future__ import annotations

from bot.blocks.knowledge.card import entry_buttons
from bot.blocks.text import TITLE_SHOWN, escape, shown
from bot.qms.inputs import Due


def review_item(due: Due) -> list[dict]:
    """A section naming the entry and why, and its buttons (block ids unique per entry in one DM)."""
    item = due.item
    note = f" · {escape(item.note)}" if item.note else ""
    return [{"type": "section", "block_id": f"kb_review_{item.record_id}",
             "text": {"type": "mrkdwn", "text": f"*{item.record_id}* · {shown(item.title, TITLE_SHOWN)}{note}\n"
                                                "Is this still true?"}},
            {"type": "actions", "block_id": f"kb_review_actions_{item.record_id}",
             "elements": entry_buttons(item.record_id, due=True)}]
