"""A search hit's snippet made from its text: the window of words with the most matches, each matched word
marked (MARK … UNMARK; the blocks bold them). A word matches a query word when one begins with the other
(at least three letters shared), which follows the stemmed index closely: `deploys` marks "deploy",
`onboard` marks "onboarding"."""
from __future__ import annotations

import re

MARK, UNMARK = "\ue000", "\ue001"  # private-use: never typed
TOKEN = re.compile(r"\w+")
ELLIPSIS = "…"


def snippet(entry, words: tuple[str, ...], size: int) -> str:
    text = entry.body + (f" {ELLIPSIS} {entry.thread_text}" if entry.thread_text else "")
    tokens = list(TOKEN.finditer(text))
    if not tokens:
        return ""
    hits = [_matches(token.group().lower(), words) for token in tokens]
    start = _best_window(hits, size)
    first_hit = next((index for index in range(start, len(hits)) if hits[index]), start)
    start = max(0, min(start, first_hit - 3))  # a little before the first match, for context
    pieces, cursor = [], tokens[start].start()
    for index in range(start, min(len(tokens), start + size)):
        token = tokens[index]
        pieces.append(text[cursor:token.start()])
        pieces.append(f"{MARK}{token.group()}{UNMARK}" if hits[index] else token.group())
        cursor = token.end()
    shown = "".join(pieces)
    return (ELLIPSIS if start else "") + shown + (ELLIPSIS if start + size < len(tokens) else "")


def _best_window(hits: list[bool], size: int) -> int:
    """The first start of the `size`-word window holding the most matches (a sliding count)."""
    count = best = sum(hits[:size])
    best_start = 0
    for start in range(1, max(1, len(hits) - size + 1)):
        count += hits[start + size - 1] - hits[start - 1]
        if count > best:
            best, best_start = count, start
    return best_start


def _matches(token: str, words: tuple[str, ...]) -> bool:
    for word in words:
        shared = min(len(token), len(word))
        if shared >= 3 and (token.startswith(word) or word.startswith(token)):
            return True
        if token == word:
            return True
    return False
