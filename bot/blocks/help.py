"""The `/qms help` answer."""
from __future__ import annotations

from bot.blocks.text import context, escape, section

COMMANDS = (
    ("nc [text]", "report a nonconformance (also `/nc`)"),
    ("nc NC-12", "show one nonconformance"),
    ("approval [text]", "ask for a sign-off"),
    ("mine", "your open records and what waits on you"),
    ("kb [query]", "search the knowledge base (`process:`, `tag:`, `owner:@name`, `status:all`)"),
    ("kb new", "save something to the knowledge base"),
    ("feedback", "log customer feedback"),
    ("objective", "set a quality objective (managers); `objective list`, `objective OBJ-3` to see them"),
    ("export [first day] [last day]", "the auditor's Excel workbook, sent to you in a DM (managers)"),
    ("digest", "preview this period's management review digest (managers)"),
    ("settings", "channels, managers and schedule (managers only)"),
    ("help", "this list"),
)


def help_message(command: str = "/qms", unknown: str | None = None) -> dict:
    lines = "\n".join(f"`{command} {usage}` — {what}" for usage, what in COMMANDS)
    blocks = []
    if unknown:
        blocks.append(section(f"I don't know `{command} {_code(unknown)}`. Here is what I can do:"))
    blocks += [section(f"*Trellis — your quality system in Slack*\n{lines}"),
               context("Message shortcuts: *Log nonconformance*, *Request approval*, *Save to knowledge*, "
                       "*Log customer feedback*.")]
    return {"response_type": "ephemeral", "text": "Trellis commands", "blocks": blocks}


def not_available(command: str, sub: str) -> dict:
    return {"response_type": "ephemeral",
            "text": f"`{command} {_code(sub)}` is not available in this version of Trellis yet."}


def _code(text: str) -> str:
    return escape(text.replace("`", "'")[:60])
