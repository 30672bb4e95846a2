"""What a valid approval request is: problems keyed by field.

Pure functions over plain values, so the modal, tests and any later entry point
(an API, an import) refuse the same things with the same words — whatever the
modal itself allowed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from bot.qms.evidence import SourceMessage
from bot.qms.workspaces import WorkspaceSettings, is_manager

POLICIES = {"any": "Any one approver", "all": "All approvers"}
TITLE_MAX = 150
DESCRIPTION_MAX = 3000
LINK_MAX = 2000
REASON_MAX = 2000
MAX_APPROVERS = 10
NC_ID = re.compile(r"NC-[1-9][0-9]{0,8}")


@dataclass(frozen=True)
class Person:
    """What Slack says about a chosen approver (users.info), reduced to what the rules need.
    `known` is False when Slack has not told us yet (a lookup that did not answer in time)."""

    user_id: str
    name: str
    found: bool = True
    deleted: bool = False
    is_bot: bool = False
    is_admin: bool = False
    known: bool = True

    @property
    def gone(self) -> bool:
        return self.deleted or not self.found


@dataclass(frozen=True)
class ApprovalDraft:
    title: str
    approvers: tuple[str, ...]
    policy: str = "any"
    description: str | None = None
    link: str | None = None
    due_on: date | None = None
    nc_id: str | None = None
    source: SourceMessage | None = None
    names: dict[str, str] = field(default_factory=dict)  # approver id -> Slack name when asked
    # Chosen approvers whose Slack account is gone: kept on the request (and said so), never asked.
    left: frozenset[str] = frozenset()


def problems(draft: ApprovalDraft, *, today: date) -> dict[str, str]:
    """The checks that need nothing but the draft, by field (approvers: see approver_problem)."""
    found = {
        "title": title_problem(draft.title),
        "description": description_problem(draft.description) or subject_problem(
            draft.description, draft.link, draft.source),
        "link": link_problem(draft.link),
        "policy": None if draft.policy in POLICIES else "Pick when the request counts as approved.",
        "due_on": due_problem(draft.due_on, today),
        "nc_id": nc_id_problem(draft.nc_id),
    }
    return {name: problem for name, problem in found.items() if problem}


def reason_problem(reason: str | None) -> str | None:
    if not (reason or "").strip():
        return "Say why you reject it; the requester needs to know."
    if len(reason) > REASON_MAX:
        return f"Keep the reason to {REASON_MAX} characters (it has {len(reason)})."
    return None


def description_problem(description: str | None) -> str | None:
    if description and len(description) > DESCRIPTION_MAX:
        return f"Keep the description to {DESCRIPTION_MAX} characters (it has {len(description)})."
    return None


def title_problem(title: str | None) -> str | None:
    if not (title or "").strip():
        return "Give the request a title."
    if len(title) > TITLE_MAX:
        return f"Keep the title to {TITLE_MAX} characters."
    return None


def link_problem(link: str | None) -> str | None:
    """A link must be a complete http(s) URL: it is what the approvers open to see the thing."""
    if not link:
        return None
    parts = urlsplit(link)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or re.search(r"\s", link):
        return "Enter a full web address starting with https:// (or http://)."
    if len(link) > LINK_MAX:
        return f"Keep the link to {LINK_MAX} characters."
    return None


def subject_problem(description: str | None, link: str | None, source: SourceMessage | None) -> str | None:
    """Approvers must be able to see what they sign: a description, a link or the message."""
    if description or link or source:
        return None
    return "Describe what to approve, or give a link to it."


def due_problem(due_on: date | None, today: date) -> str | None:
    if due_on is not None and due_on < today:
        return "The due date is in the past. Pick today or a later day."
    return None


def nc_id_problem(nc_id: str | None) -> str | None:
    if nc_id and not NC_ID.fullmatch(nc_id):
        return "Enter a nonconformance id like NC-12, or leave it empty."
    return None


def approver_problem(settings: WorkspaceSettings, *, requester: str, people: list[Person]) -> str | None:
    """The first reason these people cannot be the approvers, in words for the requester.

    People who have left the workspace are allowed while someone else can decide: the
    request then says they left and the requester is told (see `left_the_workspace`).
    """
    problem = count_problem(len(people))
    if problem:
        return problem
    if any(person.user_id == requester for person in people):
        return "You cannot approve your own request. Choose someone else."
    present = [person for person in people if not person.gone]
    if not present:
        return f"{_names(people)} {_has(people)} left the workspace. Choose someone else."
    for person in present:
        if person.is_bot:
            return f"{person.name} is an app, not a person. Choose a person."
    if not settings.allow_any_approver:
        unsure = [p for p in present if not p.known and not is_manager(settings, p.user_id)]
        if unsure:
            return (f"I could not check with Slack whether {_names(unsure)} can approve just now. "
                    "Try again in a moment.")
        outsiders = [p for p in present if not is_manager(settings, p.user_id, is_admin=p.is_admin)]
        if outsiders:
            return (f"{_names(outsiders)} {'is' if len(outsiders) == 1 else 'are'} not a manager. "
                    "Only managers can approve here (a manager can change this in /qms settings).")
    return None


def count_problem(count: int) -> str | None:
    """Checked before anything is looked up: a request names one to MAX_APPROVERS people."""
    if not count:
        return "Choose at least one approver."
    if count > MAX_APPROVERS:
        return f"Choose at most {MAX_APPROVERS} approvers."
    return None


def left_the_workspace(people: list[Person]) -> frozenset[str]:
    """The chosen approvers Slack says are deleted or unknown."""
    return frozenset(person.user_id for person in people if person.gone)


def _names(people: list[Person]) -> str:
    return ", ".join(person.name for person in people)


def _has(people: list[Person]) -> str:
    return "has" if len(people) == 1 else "have"
