"""Records put straight into the tables at chosen moments, for measures and digests on a fixed clock."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.qms.responses import rollup
from models import ApprovalRequest, Customer, CustomerMessage, Feedback, Nonconformance, Objective

TEAM = "T111"


class Seed:
    def __init__(self, session):
        self.session, self._n = session, 0
        self._customers: dict[str, Customer] = {}

    def _next(self) -> int:
        self._n += 1
        return self._n

    def customer(self, name: str) -> Customer:
        if name not in self._customers:
            found = Customer(team_id=TEAM, name=name, name_key=name.casefold())
            self.session.add(found)
            self.session.flush()
            self._customers[name] = found
        return self._customers[name]

    def feedback(self, score: int, at: datetime, *, customer: str = "Acme", scale: str = "csat",
                 raised_nc: str | None = None, by: str = "U_ALICE") -> Feedback:
        record = Feedback(team_id=TEAM, record_id=f"FB-{self._next()}", customer_id=self.customer(customer).id,
                          customer=customer, scale=scale, score=score, received_via="email", logged_by=by,
                          raised_nc=raised_nc, created_at=at)
        self.session.add(record)
        return record

    def nc(self, at: datetime, *, closed_after: timedelta | None = None, due=None, status: str | None = None):
        closed = at + closed_after if closed_after is not None else None
        record = Nonconformance(team_id=TEAM, record_id=f"NC-{self._next()}", title="Late delivery",
                                severity="minor", process="Delivery", source="internal", reporter="U_ALICE",
                                status=status or ("closed" if closed else "action"), created_at=at,
                                updated_at=at, closed_at=closed, due_date=due)
        self.session.add(record)
        return record

    def approval(self, at: datetime, decided_after: timedelta, status: str = "approved"):
        record = ApprovalRequest(team_id=TEAM, record_id=f"APR-{self._next()}", title="Quote", policy="any",
                                 requester="U_ALICE", status=status, created_at=at, updated_at=at,
                                 closed_at=at + decided_after)
        self.session.add(record)
        return record

    def customer_message(self, at: datetime, *, channel: str = "C_ACME", waited: int | None = None,
                         timezone: str = "UTC"):
        record = CustomerMessage(team_id=TEAM, channel_id=channel, ts=f"{at.timestamp():.6f}.{self._next()}",
                                 author="U_EXT", author_team="T_ACME", posted_at=at,
                                 answered_at=at + timedelta(seconds=waited) if waited is not None else None,
                                 working_seconds=waited)
        self.session.add(record)
        if waited is not None:
            rollup.count_answer(self.session, team_id=TEAM, posted_at=at, seconds=waited, timezone=timezone)
        return record

    def objective(self, measure: str, target: float, *, owner: str = "U_BOB", period: str = "month",
                  **fields) -> Objective:
        number = self._next()
        record = Objective(team_id=TEAM, record_id=f"OBJ-{number}", name=f"Objective {number}", owner=owner,
                           period=period, measure=measure, target=target, created_by="U_MANAGER", **fields)
        self.session.add(record)
        self.session.flush()
        return record
