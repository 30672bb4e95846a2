"""The App Home tab: a welcome and the user's open items."""
from __future__ import annotations

from dataclasses import dataclass

from bot.blocks.text import context, escape, header, section, truncate


@dataclass(frozen=True)
class HomeItem:
    record_id: str  # NC-12, APR-3
    title: str
    status: str
    link: str | None = None


@dataclass(frozen=True)
class HomeList:
    title: str  # "Waiting on you", "Your open nonconformances"
    items: tuple[HomeItem, ...]
    empty: str = "Nothing here."


MAX_ITEMS = 20


def home_view(user_id: str, lists: list[HomeList] | tuple = ()) -> dict:
    blocks = [
        header("Trellis — quality, where you work"),
        section(f"Hi <@{user_id}>. Report a problem with `/qms nc`, ask for a sign-off with `/qms approval`, "
                "or use the *Log nonconformance* shortcut on any message. `/qms help` lists everything."),
        {"type": "divider"},
    ]
    for home_list in lists:
        blocks += list_blocks(home_list, more="Try `/qms mine`.")
    if not lists:
        blocks.append(context("Nothing is waiting on you."))
    return {"type": "home", "blocks": blocks[:100]}


def list_blocks(home_list: HomeList, *, more: str = "") -> list[dict]:
    """One titled list (also used by `/qms mine`)."""
    blocks = [section(f"*{escape(home_list.title)}*")]
    shown = home_list.items[:MAX_ITEMS]
    blocks += [section(_line(item)) for item in shown] or [context(escape(home_list.empty))]
    if len(home_list.items) > len(shown):
        blocks.append(context(f"…and {len(home_list.items) - len(shown)} more. {more}".strip()))
    return blocks


def _line(item: HomeItem) -> str:
    label = f"<{item.link}|{item.record_id}>" if item.link else item.record_id
    return f"*{label}* {escape(truncate(item.title, 150))} · _{escape(item.status)}_"
