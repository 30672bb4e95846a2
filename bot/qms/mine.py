"""What `/qms mine` and the Home tab list: each record type's sections, in order.

A record type adds its lists with one line in SECTIONS (see bot.qms.listing).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from bot.qms.approvals import listing as approvals_listing
from bot.qms.feedback import listing as feedback_listing
from bot.qms.knowledge import listing as knowledge_listing
from bot.qms.listing import Section, SectionSource, Viewer
from bot.qms.nc import listing as nc_listing
from bot.qms.objectives import listing as objectives_listing
from bot.qms.prepared import Prepared, reuse_plans
from bot.qms.reviews import listing as reviews_listing

SECTIONS: list[SectionSource] = [*nc_listing.SECTIONS, *approvals_listing.SECTIONS, *reviews_listing.SECTIONS,
                               *knowledge_listing.SECTIONS, *objectives_listing.SECTIONS, *feedback_listing.SECTIONS]


def sections(session: Session, *, team_id: str, user_id: str, is_manager: bool, now: datetime,
             sources: Sequence[SectionSource] = SECTIONS) -> list[Section]:
    viewer = Viewer(team_id, user_id, is_manager, now)
    reuse_plans(session)
    probed, found = [source for source in sources if source.probe is not None], {}
    if probed:  # which of the usually-empty lists have anything, in one statement
        values = {"team_id": team_id, "user_id": user_id, "now": now}
        found = dict(zip(probed, _probes(tuple(probed)).all(session, values)[0], strict=True))
    return [Section(source.title, tuple(source.query(session, viewer) if found.get(source, True) else ()),
                    source.empty) for source in sources]


@cache
def _probes(probed: tuple[SectionSource, ...]) -> Prepared:
    """One statement: for each of these lists, whether it would find anything."""
    return Prepared(select(*(exists(source.probe).label(f"list_{n}") for n, source in enumerate(probed))))
