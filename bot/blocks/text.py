"""Text objects, escaping and truncation shared by every builder."""
from __future__ import annotations

from datetime import datetime

SECTION_MAX = 3000
ELLIPSIS = "…"
# Record titles are at most 150 characters; escaped, each can take up to five (`&amp;`).
TITLE_SHOWN = 150 * len("&amp;")


def escape(text: str | None) -> str:
    """Escape user text for mrkdwn so it cannot ping @channel, mention users or forge links."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS


def shown(text: str | None, limit: int) -> str:
    """User text for mrkdwn: escaped, at most `limit` characters, never cut inside an entity."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: limit - len(ELLIPSIS)]
    entity = cut.rfind("&")
    if entity != -1 and ";" not in cut[entity:]:
        cut = cut[:entity]
    return cut + ELLIPSIS


def as_typed(slack_text: str | None) -> str:
    """Message and command text as the person typed it: Slack sends `&`, `<` and `>` as entities
    (mentions and links stay in Slack's own <…> form). Stored evidence keeps Slack's text."""
    return (slack_text or "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


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


def slack_date(moment: datetime, tokens: str = "{date_short_pretty} {time}") -> str:
    """Shown in each reader's own timezone by Slack (`{ago}` for a live age); the fallback is UTC."""
    return f"<!date^{int(moment.timestamp())}^{tokens}|{moment:%Y-%m-%d %H:%M} UTC>"
