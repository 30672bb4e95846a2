"""Cell text an auditor can trust: never a formula, never a character Excel refuses.

A value people typed that starts with `=`, `+`, `-` or `@` is what spreadsheet programs read as a
formula (CSV/formula injection): it is stored as a text cell with Excel's quote prefix, so neither
opening nor editing the cell evaluates it. Control characters Excel rejects are removed.
"""
from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@")
EXCEL_MAX_TEXT = 32767  # characters in one cell


def clean(text: str) -> str:
    """Without the control characters Excel rejects, and short enough for one cell."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > EXCEL_MAX_TEXT:
        keep = EXCEL_MAX_TEXT - 60  # room for the note, whose count has at most 11 digits
        text = f"{text[:keep]} … (cut: {len(text) - keep} more characters)"
    return text


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def web_link(url: str | None) -> str | None:
    """Only http(s) addresses become hyperlinks (a typed `javascript:` or `file:` link stays text)."""
    if url and url.lower().startswith(("https://", "http://")) and not ILLEGAL_CHARACTERS_RE.search(url):
        return url
    return None
