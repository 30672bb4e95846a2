"""Rebuilding a record from its audit events, to compare with its stored row (`trellis audit verify`).

A record type's `Trail` says which table holds its records, which columns its events
determine and how one event changes them. Each feature defines its Trail next to its
records (`bot/qms/<feature>/trail.py`) and lists it once in `bot/qms/audit/registry.py`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy.orm import Session

from bot.qms.plain import as_utc, jsonable

State = dict[str, Any]
# Columns no event determines: the row's own keys and bookkeeping.
BOOKKEEPING = ("id", "team_id", "record_id", "created_at", "updated_at")


def take_after(state: State, event) -> None:
    """The default: an event's `after` holds the new values of the columns it changed."""
    for name, value in (event.after or {}).items():
        if name in state:
            state[name] = value


@dataclass(frozen=True)
class Trail:
    record_type: str  # AuditEvent.record_type
    model: type  # the table of its records
    created_by: str | None  # the action that creates one: a stored record without it was never recorded
    id_column: str = "record_id"  # the column AuditEvent.record_id names
    ignored: tuple[str, ...] = BOOKKEEPING  # columns its events do not determine
    only: tuple[str, ...] | None = None  # or: exactly the columns they determine
    action_prefix: str | None = None  # its events' actions start with this (default "<record_type>.")
    fold: Callable[[State, Any], None] = take_after  # how one of its events changes the expected state
    # State kept in other tables: (session, team_id, stored rows) -> {record id: {name: value}}.
    extra: Callable[[Session, str, Sequence], Mapping[str, State]] | None = None
    extra_initial: Mapping[str, Any] = field(default_factory=dict)  # what `extra` names, before any event

    @cached_property
    def fields(self) -> tuple[str, ...]:
        if self.only is not None:
            return self.only
        return tuple(name for name in self.model.__table__.columns.keys() if name not in self.ignored)

    @cached_property
    def defaults(self) -> State:
        state: State = {}
        for name in self.fields:
            default = self.model.model_fields[name].default if name in self.model.model_fields else None
            state[name] = None if default is PydanticUndefined else default
        return state

    def initial(self) -> State:
        """A record before its first event: the model's defaults."""
        return {**self.defaults, **{name: _fresh(value) for name, value in self.extra_initial.items()}}

    @cached_property
    def prefix(self) -> str:
        return self.action_prefix or f"{self.record_type}."

    def applies(self, action: str) -> bool:
        return action.startswith(self.prefix)


def _fresh(value: Any) -> Any:
    return type(value)() if isinstance(value, (dict, list)) else value


def expected(trail: Trail, events: Sequence) -> State:
    """The state a record's events (oldest first) leave it in."""
    state, prefix, fold = trail.initial(), trail.prefix, trail.fold
    for event in events:
        if event.action.startswith(prefix):
            fold(state, event)
    return state


def first_difference(state: State, stored: State) -> str | None:
    """The first column whose stored value is not what the trail says, or None."""
    for name, value in state.items():
        if not same(value, stored.get(name)):
            return f"stored {name} {_shown(stored.get(name))} but its trail says {_shown(value)}"
    return None


def same(expected_value: Any, stored: Any) -> bool:
    """Equal once both are plain JSON values (timestamps compared as instants)."""
    if expected_value == stored and type(expected_value) is type(stored):  # most columns: str, None, bool
        return True
    if isinstance(stored, datetime) or isinstance(expected_value, datetime):
        return _instant(expected_value) == _instant(stored)
    if isinstance(stored, dict) and isinstance(expected_value, dict):
        return stored.keys() == expected_value.keys() and all(same(expected_value[k], stored[k]) for k in stored)
    if isinstance(stored, (list, tuple)) and isinstance(expected_value, (list, tuple)):
        return len(stored) == len(expected_value) and all(map(same, expected_value, stored))
    return jsonable(stored) == jsonable(expected_value)


def _instant(value: Any) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        return as_utc(value)
    return value if isinstance(value, date) else None


def _shown(value: Any) -> str:
    text = repr(jsonable(value))
    return text if len(text) <= 60 else text[:57] + "..."


def children(session: Session, records: Sequence, query, parent: Any) -> Iterator[tuple[str, Any]]:
    """The rows of another table that belong to a page of stored records, in one query: (record id, row)
    pairs. `query` selects the columns (with `parent`, the column holding the record's primary key)."""
    record_ids = {record.id: record.record_id for record in records}
    for row in session.execute(query.where(parent.in_(list(record_ids)))):
        yield record_ids[row._mapping[parent.key]], row
