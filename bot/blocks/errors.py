"""What a person sees when Trellis fails: short, private, with an id for the logs."""
from __future__ import annotations

from bot.blocks.forms import modal
from bot.blocks.ids import ERROR, NOT_AVAILABLE
from bot.blocks.text import section

TEXT = ("Sorry, something went wrong on our side and nothing was changed. "
        "Please try again; if it keeps happening, give your admin this error id: `{error_id}`.")


def apology_message(error_id: str) -> dict:
    return {"response_type": "ephemeral", "replace_original": False, "text": TEXT.format(error_id=error_id)}


def apology_view(error_id: str) -> dict:
    return modal(ERROR, "Something went wrong", [section(TEXT.format(error_id=error_id))],
                 submit="", close="Close")


def not_available_view() -> dict:
    """A declared global shortcut whose feature is not built yet."""
    return modal(NOT_AVAILABLE, "Trellis", [section("This shortcut is not available in this version yet.")],
                 submit="", close="Close")


NOT_AVAILABLE_TEXT = "This shortcut is not available in this version of Trellis yet."


def notice_view(callback_id: str, title: str, text: str) -> dict:
    """A modal that only says something (e.g. why a submission did nothing), with Close."""
    return modal(callback_id, title, [section(text)], submit="", close="Close")
