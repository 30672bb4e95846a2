"""The private answer to `/qms mine`: the same lists as the Home tab."""
from __future__ import annotations

from bot.blocks.home import list_blocks
from bot.blocks.text import context

MESSAGE_MAX_BLOCKS = 50


def mine_message(lists) -> dict:
    """`lists` are bot.qms.mine sections (title, items, empty), in order."""
    blocks = [block for home_list in lists for block in list_blocks(home_list)]
    if len(blocks) > MESSAGE_MAX_BLOCKS:
        blocks = blocks[: MESSAGE_MAX_BLOCKS - 1] + [context("There is more: see the Trellis Home tab.")]
    return {"response_type": "ephemeral", "text": "Your open records", "blocks": blocks}
