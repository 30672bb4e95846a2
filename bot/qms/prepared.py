"""SELECTs built once and compiled once per database, run with only the driver's cost.

SQLAlchemy's `execute` costs about 0.3 ms a statement on top of the query itself (the compiled-cache
key of the whole statement, the ORM's result setup); `/qms mine` and the Home tab run eight lists on
every look, so that was most of their time. A `Prepared` statement keeps its SQL text, its parameters'
order and its columns' and parameters' type conversions, and runs through `exec_driver_sql` (statement
events still fire, so counts and logs see it). Values convert as SQLAlchemy would convert them; rows are
named tuples of the statement's columns. Not for expanding (IN-list) parameters.
"""
from __future__ import annotations

import threading
from collections import namedtuple
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session


def reuse_plans(session: Session) -> None:
    """For the rest of this transaction PostgreSQL runs prepared statements on their generic plan instead
    of planning each execution for its values: the lists' UNION ALLs of index ranges take 2.5 ms to plan
    and 0.6 to run, and their plan is the same whoever looks. SQLite has nothing to plan ahead."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")


class Prepared:
    def __init__(self, statement: Select):
        self.statement = statement
        self.row = namedtuple("Row", list(statement.selected_columns.keys()))
        self._plans: dict[str, _Plan] = {}
        self._lock = threading.Lock()

    def all(self, session: Session, params: dict[str, Any]) -> list[tuple]:
        connection = session.connection()
        plan = self._plans.get(connection.dialect.name)
        if plan is None:
            with self._lock:
                plan = self._plans.setdefault(connection.dialect.name, _Plan(self.statement, connection.dialect))
        converts, row = plan.converts, self.row
        result = connection.exec_driver_sql(plan.sql, plan.arguments(params))
        if not plan.any_convert:
            return [row(*values) for values in result.all()]
        return [row(*(convert(value) if convert else value for convert, value in zip(converts, values, strict=True)))
                for values in result.all()]


class _Plan:
    """The statement as one database runs it."""

    def __init__(self, statement: Select, dialect: Dialect):
        compiled = statement.compile(dialect=dialect)
        if any(bind.expanding for bind in compiled.binds.values()):
            raise ValueError("Prepared statements cannot take IN-list parameters")
        self.sql = compiled.string
        self.defaults = compiled.params  # the values written into the statement (statuses, limits)
        self.order = compiled.positiontup if compiled.positional else None
        processors = ((name, bind.type.dialect_impl(dialect).bind_processor(dialect))
                      for name, bind in compiled.binds.items())
        self.binds = {name: process for name, process in processors if process}
        self.converts = [column.type.dialect_impl(dialect).result_processor(dialect, None)
                         for column in statement.selected_columns]
        self.any_convert = any(self.converts)

    def arguments(self, params: dict[str, Any]):
        values = {**self.defaults, **params}
        for name, process in self.binds.items():
            if values.get(name) is not None:
                values[name] = process(values[name])
        return tuple(values[name] for name in self.order) if self.order is not None else values
