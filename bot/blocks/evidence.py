"""Carry a record's source message through its modal (private_metadata) to the submission."""
from __future__ import annotations

import json

from bot.qms.evidence import SourceMessage

METADATA_MAX = 3000


def source_metadata(source: SourceMessage | None) -> str:
    """At most 3000 characters: a long text is cut; the permalink (fetched on submit) leads to all of it."""
    if source is None:
        return ""
    text = source.text or ""
    while True:
        data = {"channel": source.channel, "ts": source.ts, "author": source.author, "text": text}
        metadata = json.dumps({"source": data}, ensure_ascii=False)
        if len(metadata) <= METADATA_MAX or not text:
            return metadata
        text = text[: max(0, len(text) - (len(metadata) - METADATA_MAX) - 1)]


def read_source(metadata: str | None) -> SourceMessage | None:
    data = json.loads(metadata).get("source") if (metadata or "").startswith("{") else None
    if not data:
        return None
    return SourceMessage(channel=data["channel"], ts=data["ts"], author=data.get("author"),
                         text=data.get("text") or None)
