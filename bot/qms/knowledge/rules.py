"""What a valid entry is: problems keyed by field. Whatever the modal said, these are the checks."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

from bot.qms.directory import is_user_id

TITLE_MAX = 150
BODY_MAX = 3000  # what a modal's text input holds (Slack: plain_text_input max_length 3000)
THREAD_MAX = 40_000  # the replies kept with an entry; the source link leads to the rest
TAG_MAX = 30
TAGS_MAX = 10
REVIEW_DAYS_MIN, REVIEW_DAYS_MAX = 7, 730
DEFAULT_REVIEW_DAYS = 180
QUERY_MAX = 500  # a search is a few words: longer is refused with a clear answer
TAG_SPLIT = re.compile(r"[,\s]+")
TAG_CHARS = re.compile(r"[\w.+-]+")


@dataclass(frozen=True)
class EntryDraft:
    """An entry as submitted (empty fields are None)."""

    title: str | None = None
    body: str | None = None
    process: str | None = None
    tags: tuple[str, ...] = ()
    owner: str | None = None
    review_days: str | None = None  # as typed

    def values(self) -> dict:
        """The columns it fills (checked first)."""
        return {"title": self.title, "body": self.body or "", "process": self.process, "tags": list(self.tags),
                "owner": self.owner, "review_days": int(self.review_days or DEFAULT_REVIEW_DAYS)}


ENTRY_FIELDS = tuple(field.name for field in fields(EntryDraft))


def parse_tags(text: str | None) -> tuple[str, ...]:
    """'API, onboarding  billing' -> ('api', 'onboarding', 'billing'): lower case, once each, in order."""
    return tuple(dict.fromkeys(tag.lower().lstrip("#") for tag in TAG_SPLIT.split(text or "") if tag.lstrip("#")))


def entry_problems(draft: EntryDraft, *, processes: tuple[str, ...] | None = None,
                   owner_facts=None) -> dict[str, str]:
    """Problems with an entry, by field; `owner_facts` is the directory's row for the owner (None: unknown)."""
    problems = {}
    if not draft.title:
        problems["title"] = "Give the entry a short title: what would someone search for?"
    elif len(draft.title) > TITLE_MAX:
        problems["title"] = f"Keep the title to {TITLE_MAX} characters or fewer (it has {len(draft.title)})."
    if not draft.body:
        problems["body"] = ("Write down what someone needs to know: the message had no text to save "
                            "(a file alone cannot be searched).")
    elif len(draft.body) > BODY_MAX:
        problems["body"] = f"Keep this to {BODY_MAX} characters or fewer (it has {len(draft.body)})."
    if not draft.process:
        problems["process"] = "Pick the process this knowledge belongs to."
    elif processes is not None and draft.process not in processes:
        problems["process"] = "Pick one of this workspace's processes."
    tag_problem = _tag_problem(draft.tags)
    if tag_problem:
        problems["tags"] = tag_problem
    owner_problem = _owner_problem(draft.owner, owner_facts)
    if owner_problem:
        problems["owner"] = owner_problem
    if not (draft.review_days or "").isdigit() or not REVIEW_DAYS_MIN <= int(draft.review_days) <= REVIEW_DAYS_MAX:
        problems["review_days"] = (f"Give a whole number of days from {REVIEW_DAYS_MIN} to {REVIEW_DAYS_MAX} "
                                   "(how long this stays true before its owner is asked).")
    return problems


def owner_problem(owner: str | None, facts) -> dict[str, str]:
    """The owner field alone (the reassign modal)."""
    problem = _owner_problem(owner, facts)
    return {"owner": problem} if problem else {}


def _owner_problem(owner: str | None, facts) -> str | None:
    if not is_user_id(owner):
        return "Pick the person who keeps this true."
    if facts is not None and facts.is_bot:
        return "An app cannot keep knowledge true: pick a person."
    if facts is not None and facts.deleted:
        return "This person has left the workspace: pick someone who is still here."
    return None


def _tag_problem(tags: tuple[str, ...]) -> str | None:
    if len(tags) > TAGS_MAX:
        return f"Use at most {TAGS_MAX} tags (there are {len(tags)})."
    long = next((tag for tag in tags if len(tag) > TAG_MAX), None)
    if long:
        return f"Keep each tag to {TAG_MAX} characters or fewer."
    odd = next((tag for tag in tags if not TAG_CHARS.fullmatch(tag)), None)
    if odd:
        return "Tags are single words (letters, digits, - . +), separated by commas or spaces."
    return None
