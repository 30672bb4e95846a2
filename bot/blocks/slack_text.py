"""Text that came from Slack, shown as Slack shows it.

Slack sends message text as its own markup with `&`, `<` and `>` escaped as entities.
Quoted on a card it keeps that markup — links, channels — but never broadcasts
(`<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^…>` become plain words) and never
pings the people it mentions again (a mention becomes their name). In a modal's
prefilled input it becomes readable plain text.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from bot.blocks.text import ELLIPSIS

TOKEN = re.compile(r"<([^<>]*)>")
BROADCASTS = ("here", "channel", "everyone")


def quote(slack_text: str | None, limit: int, names: Mapping[str, str] = {}) -> str:  # noqa: B006 - read only
    """For mrkdwn: Slack's markup kept, broadcasts and mentions made harmless, at most `limit` characters."""
    text = TOKEN.sub(lambda match: _harmless(match.group(1), names), slack_text or "")
    return _cut(text, limit)


def readable(slack_text: str | None, names: Mapping[str, str] = {}) -> str:  # noqa: B006 - read only
    """For a plain-text input: what a person reads in Slack, without markup or entities."""
    def plain(match: re.Match) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith(("@", "!")):
            return _harmless(inner, names)
        if target.startswith("#"):
            return f"#{label or target[1:]}"
        return f"{label} ({target})" if label and label != target else target
    text = TOKEN.sub(plain, slack_text or "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def mentioned(slack_text: str | None) -> set[str]:
    """The user ids a message mentions (to look their names up)."""
    return {m.group(1) for m in re.finditer(r"<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>", slack_text or "")}


def _harmless(inner: str, names: Mapping[str, str]) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        user_id = target[1:]
        return f"@{names.get(user_id) or label or user_id}"
    if target.startswith("!"):
        word = target[1:].split("^", 1)[0]
        if word in BROADCASTS:
            return f"@{word}"
        if word == "subteam":
            return label if label.startswith("@") else f"@{label or 'group'}"
        if word == "date" and label:
            return f"<{inner}>"  # Slack shows it in the reader's timezone; it notifies nobody
        return label or word
    return f"<{inner}>"


def _cut(text: str, limit: int) -> str:
    """Cut to `limit` characters, never inside `<…>` markup or an `&…;` entity."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    opened, entity = cut.rfind("<"), cut.rfind("&")
    if opened > cut.rfind(">"):
        cut = cut[:opened]
    if entity != -1 and ";" not in cut[entity:]:
        cut = cut[:entity]
    return cut + ELLIPSIS
