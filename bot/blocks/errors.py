"""What a person sees when Trellis fails: short, private, with an id for the logs."""
from __future__ import annotations

from bot.blocks.forms import modal
from bot.blocks.text import section

TEXT = ("Sorry, something went wrong on our side and nothing was changed. "
        "Please try again; if it keeps happening, give your admin this error id: `{error_id}`.")


def apology_message(error_id: str) -> dict:
    return {"response_type": "ephemeral", "replace_original": False, "text": TEXT.format(error_id=error_id)}


def apology_view(error_id: str) -> dict:
    return modal("trellis_error", "Something went wrong", [section(TEXT.format(error_id=error_id))],
                 submit="", close="Close")
