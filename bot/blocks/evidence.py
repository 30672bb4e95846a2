"""A record's source message: carried through its modal (private_metadata), the modal's
choice whether to show a private quote, and the line a card shows of it."""
from __future__ import annotations

import json
from collections.abc import Mapping

from bot.blocks import forms
from bot.blocks.slack_text import quote
from bot.blocks.text import context, escape, section, user
from bot.qms.evidence import SourceMessage

METADATA_MAX = 3000
QUOTE_SHOWN = 1000
SHOW_QUOTE = "show_quote"  # the modal's checkbox (block and action id)


def source_metadata(source: SourceMessage | None, **extra) -> str:
    """At most 3000 characters: a long text is cut; the permalink (fetched later) leads to all of it. `extra`
    keys travel alongside (what the modal was opened from)."""
    if source is None:
        return json.dumps(extra, ensure_ascii=False) if extra else ""
    text = source.text or ""
    while True:
        data = {"channel": source.channel, "ts": source.ts, "author": source.author, "text": text,
                "author_name": source.author_name, "private": source.private}
        metadata = json.dumps({"source": data, **extra}, ensure_ascii=False)
        if len(metadata) <= METADATA_MAX or not text:
            return metadata
        text = text[: max(0, len(text) - (len(metadata) - METADATA_MAX) - 1)]


def read_source(metadata: str | None, values: dict | None = None) -> SourceMessage | None:
    """The source carried by the modal, with the reporter's choice (the checkbox) when it was offered."""
    data = json.loads(metadata).get("source") if (metadata or "").startswith("{") else None
    if not data:
        return None
    shown = SHOW_QUOTE in (forms.value_of(values or {}, SHOW_QUOTE) or [])
    return SourceMessage(channel=data["channel"], ts=data["ts"], author=data.get("author"),
                         text=data.get("text") or None, author_name=data.get("author_name"),
                         private=data.get("private", True), shown=shown)


def privacy_choice(source: SourceMessage, names: Mapping[str, str] = {}) -> list[dict]:  # noqa: B006
    """For a message that is not known to be public: say what the card will show, and offer to show the quote
    (previewed exactly as it would appear)."""
    if not source.private:
        return []
    where = "a direct message" if is_dm(source.channel) else "a conversation that may not be public"
    preview = quote(source.text, QUOTE_SHOWN, names)
    box = forms.checkbox("Show the quoted message on the card", SHOW_QUOTE, False)
    return [section(f"This comes from {where}. The card in the quality channel will say "
                    "“from a private conversation” and show nothing of it, unless you tick the box below."),
            forms.input_block(SHOW_QUOTE, "On the card", box, optional=True),
            context(f"Shown if ticked: “{preview}”" if preview else "The message has no text to show.")]


def evidence_line(record, names: Mapping[str, str] = {}) -> str | None:  # noqa: B006
    """What a card says about the record's source message (None when it has none)."""
    if not record.source_channel:
        return None
    if record.source_private and not record.source_shown:
        return "Logged from a direct message (kept with the record, not shown here)" if is_dm(
            record.source_channel) else "Logged from a private conversation (kept with the record, not shown here)"
    message = f"<{escape(record.source_permalink)}|a message>" if record.source_permalink else "a message"
    author = f" by {user(record.source_author)}" if record.source_author else (
        f" by the app *{escape(record.source_author_name)}*" if record.source_author_name else "")
    where = " in a direct message" if is_dm(record.source_channel) else f" in <#{record.source_channel}>"
    text = quote(record.source_text, QUOTE_SHOWN, names)
    return f"Logged from {message}{author}{where}" + (f": “{text}”" if text else "")


def is_dm(channel_id: str | None) -> bool:
    return (channel_id or "").startswith("D")
