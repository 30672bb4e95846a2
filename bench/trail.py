"""Bulk-loaded audit trails for the benchmarks."""
from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def unguarded(connection):
    """The audit head's triggers lifted for a bulk load, and put back."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("ALTER TABLE audit_head DISABLE TRIGGER USER")
        yield
        connection.exec_driver_sql("ALTER TABLE audit_head ENABLE TRIGGER USER")
        return
    triggers = list(connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_head'"))
    for name, _sql in triggers:
        connection.exec_driver_sql(f"DROP TRIGGER {name}")
    yield
    for _name, sql in triggers:
        connection.exec_driver_sql(sql)
