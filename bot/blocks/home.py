"""The App Home tab: a welcome and the user's open items."""
from __future__ import annotations

from bot.blocks.text import context, escape, header, section, truncate
from bot.qms.listing import SHOWN, Item, Section


def home_view(user_id: str, lists: list[Section] | tuple = ()) -> dict:
    blocks = [
        header("Trellis — quality, where you work"),
        section(f"Hi <@{user_id}>. Report a problem with `/qms nc`, ask for a sign-off with `/qms approval`, "
                "or use the *Log nonconformance* shortcut on any message. `/qms help` lists everything."),
        {"type": "divider"},
    ]
    for home_list in lists:
        blocks += list_blocks(home_list)
    if not lists:
        blocks.append(context("Nothing is waiting on you."))
    return {"type": "home", "blocks": blocks[:100]}


def list_blocks(home_list: Section) -> list[dict]:
    """One titled list (also used by `/qms mine`)."""
    blocks = [section(f"*{escape(home_list.title)}*")]
    shown = home_list.items[:SHOWN]
    blocks += [section(_line(item)) for item in shown] or [context(escape(home_list.empty))]
    if len(home_list.items) > len(shown):  # the lists read one more than they show, so no count beyond
        blocks.append(context(f"…and more: the first {len(shown)} are shown."))
    return blocks


def _line(item: Item) -> str:
    label = f"<{item.link}|{item.record_id}>" if item.link else item.record_id
    return f"*{label}* {escape(truncate(item.title, 150))} · _{escape(item.status)}_"
