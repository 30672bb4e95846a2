"""Column helpers shared by the model modules."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Column


def utcnow() -> datetime:
    """Aware UTC: SQLModel stores timestamps with their zone and reads them back in UTC."""
    return datetime.now(UTC)


def json_column(nullable: bool = True) -> Column:
    return Column(JSON, nullable=nullable)
