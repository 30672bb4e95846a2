"""Customers as people name them: the type-ahead in the feedback modal, and the Slack Connect
organisation a customer was recognised by (so the next message from it is prefilled)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.qms.rows import insert_ignore
from models import Customer

SUGGESTED = 20


def key_of(name: str) -> str:
    return " ".join(name.split()).casefold()[:200]


def search(session: Session, *, team_id: str, typed: str, limit: int = SUGGESTED) -> list[Customer]:
    """Known customers whose name contains what was typed (all of them, by name, for nothing typed)."""
    query = select(Customer).where(Customer.team_id == team_id)
    typed = key_of(typed or "")
    if typed:
        escaped = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Customer.name_key.like(f"%{escaped}%", escape="\\"))
    return list(session.scalars(query.order_by(func.length(Customer.name_key), Customer.name_key).limit(limit)))


def get(session: Session, *, team_id: str, customer_id: int) -> Customer | None:
    found = session.get(Customer, customer_id)
    return found if found is not None and found.team_id == team_id else None


def of_slack_team(session: Session, *, team_id: str, slack_team: str) -> Customer | None:
    return session.scalars(select(Customer).where(Customer.team_id == team_id, Customer.slack_team == slack_team)
                           .order_by(Customer.id)).first()


def named(session: Session, *, team_id: str, name: str, now: datetime) -> Customer:
    """The customer of that name (case and spacing aside), created the first time it is named."""
    name = " ".join(name.split())
    insert_ignore(session, Customer, team_id=team_id, name=name, name_key=key_of(name), created_at=now)
    return session.scalars(select(Customer).where(Customer.team_id == team_id,
                                                  Customer.name_key == key_of(name))).one()


def recognise(customer: Customer, slack_team: str | None, own_team: str) -> None:
    """Remember the Slack Connect organisation a customer's person wrote from (the first one seen)."""
    if slack_team and slack_team != own_team and customer.slack_team is None:
        customer.slack_team = slack_team
