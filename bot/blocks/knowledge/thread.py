"""A thread's replies (conversations.replies) as the plain text an entry keeps: one paragraph per reply,
"Name: text", in order, as many whole replies as fit."""
from __future__ import annotations

from collections.abc import Mapping

from bot.blocks.slack_text import mentioned, readable
from bot.qms.knowledge.rules import THREAD_MAX


def people_in(messages: list[dict]) -> set[str]:
    """Whose names the text needs: the repliers and the people they mention."""
    return {m["user"] for m in messages if m.get("user")} | set().union(*(mentioned(m.get("text")) for m in messages))


def thread_text(messages: list[dict], *, saved_ts: str, names: Mapping[str, str],
                limit: int = THREAD_MAX) -> tuple[str, int]:
    """(the text, how many replies did not fit); the saved message itself is the entry's body, not repeated."""
    paragraphs, size, left_out = [], 0, 0
    for message in messages:
        if message.get("ts") == saved_ts or not (message.get("text") or "").strip():
            continue
        who = names.get(message.get("user") or "") or (message.get("bot_profile") or {}).get("name") \
            or message.get("username") or message.get("user") or "an app"
        paragraph = f"{who}: {readable(message['text'], names).strip()}"
        if left_out or size + len(paragraph) + 2 > limit:
            left_out += 1
            continue
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs), left_out
