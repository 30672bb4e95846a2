"""What a valid management review is (ISO 9001 9.3.3): problems keyed by the modal's block ids.
Whatever the modal said, these are the checks: a forged submission meets them too."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.qms.directory import is_user_id

KINDS = ("improvement", "qms_change", "resource")
TEXT_MAX = 3000
TITLE_MAX = 300
MAX_ACTIONS = 15


@dataclass(frozen=True)
class ActionDraft:
    title: str | None = None
    kind: str | None = "improvement"
    owner: str | None = None
    due_date: str | None = None  # YYYY-MM-DD from the datepicker

    @property
    def blank(self) -> bool:
        return not (self.title or self.owner or self.due_date)


@dataclass(frozen=True)
class ReviewDraft:
    digest_id: str
    held_on: str | None = None
    attendees: tuple[str, ...] = ()
    comments: dict[str, str] = field(default_factory=dict)  # input key -> comment
    issues_decision: str | None = None
    resources_decision: str | None = None
    improvement_decision: str | None = None
    actions: tuple[ActionDraft, ...] = ()

    def filled_actions(self) -> tuple[ActionDraft, ...]:
        return tuple(action for action in self.actions if not action.blank)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def problems(draft: ReviewDraft, *, today: date) -> dict[str, str]:
    """By block id: `attendees`, `held_on`, `action_<n>_title|kind|owner|due`, decisions and comments."""
    found: dict[str, str] = {}
    held = _day(draft.held_on)
    if held is None:
        found["held_on"] = "Pick the day the review was held."
    elif held > today:
        found["held_on"] = "A review is recorded once it has been held: pick today or an earlier day."
    if not draft.attendees:
        found["attendees"] = "Name who took part in the review."
    elif any(not is_user_id(person) for person in draft.attendees):
        found["attendees"] = "Pick the attendees from the list of people."
    for name in ("issues_decision", "resources_decision", "improvement_decision"):
        if len(getattr(draft, name) or "") > TEXT_MAX:
            found[name] = f"At most {TEXT_MAX} characters."
    found.update({f"comment_{key}": f"At most {TEXT_MAX} characters."
                  for key, text in draft.comments.items() if len(text or "") > TEXT_MAX})
    if len(draft.actions) > MAX_ACTIONS:
        found["add_action"] = f"At most {MAX_ACTIONS} actions per review."
    for number, action in enumerate(draft.actions, start=1):
        found.update(_action_problems(number, action, today))
    return found


def _action_problems(number: int, action: ActionDraft, today: date) -> dict[str, str]:
    if action.blank:
        return {}
    prefix, found = f"action_{number}_", {}
    if not action.title:
        found[prefix + "title"] = "Say what the action is."
    elif len(action.title) > TITLE_MAX:
        found[prefix + "title"] = f"At most {TITLE_MAX} characters."
    if action.kind not in KINDS:
        found[prefix + "kind"] = "Choose improvement, change to the QMS or resource need."
    if not is_user_id(action.owner):
        found[prefix + "owner"] = "Every action needs an owner."
    due = _day(action.due_date)
    if due is None:
        found[prefix + "due"] = "Every action needs a due date."
    elif due < today:
        found[prefix + "due"] = "The due date is in the past."
    return found
