"""What `/qms mine` and the Home tab list: each record type's sections, in order.

A record type adds its lists with one line in SECTIONS (see bot.qms.listing).
"""
from __future__ import annotations

from collections.abc import Sequence
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
from models.types import utcnow

SECTIONS: list[SectionSource] = [*nc_listing.SECTIONS, *approvals_listing.SECTIONS, *reviews_listing.SECTIONS,
                               *knowledge_listing.SECTIONS, *objectives_listing.SECTIONS, *feedback_listing.SECTIONS]


def sections(session: Session, *, team_id: str, user_id: str, is_manager: bool,
             sources: Sequence[SectionSource] = SECTIONS) -> list[Section]:
    viewer = Viewer(team_id, user_id, is_manager)
    reuse_plans(session)
    probed = _probes(tuple(sources))
    found = probed.all(session, {"team_id": team_id, "user_id": user_id, "now": utcnow()})[0] if probed else ()
    present = iter(found)
    return [Section(source.title, tuple(source.query(session, viewer)
                                        if source.probe is None or next(present) else ()), source.empty)
            for source in sources]


@cache
def _probes(sources: tuple[SectionSource, ...]) -> Prepared | None:
    """One statement: for each list that has a probe, whether it would find anything (in list order)."""
    probes = [source.probe for source in sources if source.probe is not None]
    if not probes:
        return None
    return Prepared(select(*(exists(probe).label(f"list_{n}") for n, probe in enumerate(probes))))
