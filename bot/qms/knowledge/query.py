"""A typed search, split into words and filters. Nothing a person types reaches the database as
search syntax: words are letters and digits only, each quoted (SQLite) or joined with `&` (PostgreSQL)
by bot.qms.knowledge.search, so `"`, `*`, `NEAR`, `-`, parentheses and quotes are only separators."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.qms.knowledge.rules import QUERY_MAX

WORDS_MAX = 12
WORD_MAX = 40
FILTER = re.compile(r'(?i)\b(process|tag|owner|status):(?:"([^"]*)"|(\S*))')
WORD = re.compile(r"[^\W_]+")  # letters and digits: an underscore separates, as both indexes do
MENTION = re.compile(r"<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>|^@?([UW][A-Z0-9_]{2,})$")
USER_ID = re.compile(r"[UW][A-Z0-9_]{2,}")
STATUSES = {"current": ("current",), "retired": ("retired",), "all": ("current", "retired")}
# PostgreSQL's english stop words: neither database is asked for them, so both answer alike.
STOP_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself
it its itself they them their theirs themselves what which who whom this that these those am is are was were be
been being have has had having do does did doing a an the and but if or because as until while of at by for with
about against between into through during before after above below to from up down in out on off over under again
further then once here there when where why how all any both each few more most other some such no nor not only
own same so than too very s t can will just don should now""".split())


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...] = ()  # lower case; the last is matched as a prefix
    process: str | None = None
    tag: str | None = None
    owner: str | None = None  # a user id, or a name to look up (owner:@dave)
    statuses: tuple[str, ...] = ("current",)
    dropped: tuple[str, ...] = ()  # words too common to search for
    text: str = ""  # as typed, for the "More" button

    @property
    def filtered(self) -> bool:
        return bool(self.process or self.tag or self.owner) or self.statuses != ("current",)

    @property
    def empty(self) -> bool:
        return not self.words and not self.filtered


class QueryTooLong(ValueError):
    def __init__(self, length: int):
        super().__init__(length)
        self.length = length


def parse(text: str | None) -> Query:
    """`process:Delivery tag:api owner:@dave status:all onboarding api` into its parts."""
    text = (text or "").strip()
    if len(text) > QUERY_MAX:
        raise QueryTooLong(len(text))
    found: dict[str, str] = {}
    for match in FILTER.finditer(text):
        found.setdefault(match.group(1).lower(), (match.group(2) if match.group(2) is not None
                                                  else match.group(3)).strip())
    rest = FILTER.sub(" ", text)
    words = [word.lower()[:WORD_MAX] for word in WORD.findall(rest)]
    kept = [word for word in words if word not in STOP_WORDS][:WORDS_MAX]
    return Query(words=tuple(kept), process=found.get("process") or None,
                 tag=(found.get("tag") or "").lower().lstrip("#") or None,
                 owner=_owner(found.get("owner")), statuses=STATUSES.get((found.get("status") or "").lower(),
                                                                         ("current",)),
                 dropped=tuple(word for word in words if word in STOP_WORDS), text=text)


def _owner(value: str | None) -> str | None:
    if not value:
        return None
    match = MENTION.search(value)
    if match:
        return match.group(1) or match.group(2)
    return value.lstrip("@").lower() or None


def is_user_id(value: str) -> bool:
    return bool(USER_ID.fullmatch(value))
