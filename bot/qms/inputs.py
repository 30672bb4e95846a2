"""What each feature hands the weekly digest (the 9.3.2 inputs of the management review) and the
reminder sweep. Plain, JSON-able values: a management review (MR-n) freezes its inputs as they were.

A feature contributes
- `review_input(session, *, team_id, period, now, settings=None) -> InputGroup` in `bot/qms/<feature>/digest.py`,
  listed once in the digest's ordered table of inputs; and
- `reminders_due(session, *, team_id, now) -> list[Due]` in `bot/qms/<feature>/reminders.py`, listed
  once in the sweep's table of sources.
Both must issue a fixed number of statements, whatever the number of records (no query per record).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC; `previous` are the four periods before it, newest first (for trends)."""

    start: datetime
    end: datetime
    previous: tuple[tuple[datetime, datetime], ...] = ()


@dataclass(frozen=True)
class ItemRef:
    """A record named in the digest or in a reminder: its id as Slack shows it, and why it is named."""

    record_type: str  # the SlackMessage.record_type of its card: "nc", "approval", "action", "kb", "fb", …
    record_id: str  # "NC-3"
    title: str
    owner: str | None = None  # Slack user id
    age_days: int | None = None
    note: str = ""  # "due 3 Dec", "severity: major", "pending with U123"


@dataclass(frozen=True)
class Figure:
    """One measured value; `trend` holds the same figure for the previous periods, newest first."""

    label: str
    value: str | int | float | None
    trend: tuple[str | int | float | None, ...] = ()


@dataclass(frozen=True)
class ItemList:
    heading: str
    items: tuple[ItemRef, ...]
    more: int = 0  # how many were left out of `items` (the digest shows the top few)


@dataclass(frozen=True)
class InputGroup:
    """One 9.3.2 input: key "a", "c4", "c3", "c1", "c2", "knowledge", "c6", "c7", "e"."""

    key: str
    title: str
    figures: tuple[Figure, ...] = ()
    lists: tuple[ItemList, ...] = ()
    note: str | None = None  # e.g. "Not recorded in Trellis yet." or "Quiet: nothing changed."

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InputGroup:
        lists = tuple(ItemList(entry["heading"], tuple(ItemRef(**item) for item in entry["items"]), entry["more"])
                      for entry in data.get("lists", ()))
        figures = tuple(Figure(entry["label"], entry["value"], tuple(entry.get("trend", ())))
                        for entry in data.get("figures", ()))
        return cls(data["key"], data["title"], figures, lists, data.get("note"))


def not_recorded(key: str, title: str) -> InputGroup:
    """The honest line for an input Trellis holds no records of."""
    return InputGroup(key, title, note="Not recorded in Trellis yet.")


@dataclass(frozen=True)
class Due:
    """One thing one person should be reminded of now.

    `kind` groups a reminder DM ("overdue_action", "stale_nc", "pending_approval", "review_action",
    "knowledge_review", "unanswered_customer", …); `since` is when it became due, so the sweep can tell
    what is new since the person's last reminder. Snoozes and the once-per-working-day claim are keyed
    by (person, record_id, kind).
    """

    person: str
    kind: str
    item: ItemRef
    since: datetime
    escalation: bool = False  # sent to a manager because the owner has not acted
    extra: dict[str, Any] = field(default_factory=dict)
