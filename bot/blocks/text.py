"""Text objects, escaping and truncation shared by every builder."""
from __future__ import annotations

SECTION_MAX = 3000
ELLIPSIS = "…"


def escape(text: str | None) -> str:
    """Escape user text for mrkdwn so it cannot ping @channel, mention users or forge links."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS


def plain(text: str, limit: int = 3000) -> dict:
    return {"type": "plain_text", "text": truncate(text, limit) or " ", "emoji": True}


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": truncate(text, SECTION_MAX) or " "}


def section(text: str, **extra) -> dict:
    return {"type": "section", "text": mrkdwn(text), **extra}


def context(*texts: str) -> dict:
    return {"type": "context", "elements": [mrkdwn(text) for text in texts[:10]]}


def header(text: str) -> dict:
    return {"type": "header", "text": plain(text, 150)}


def user(user_id: str | None) -> str:
    return f"<@{user_id}>" if user_id else "nobody"
