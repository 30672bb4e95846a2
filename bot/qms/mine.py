"""What `/qms mine` and the Home tab list: each record type's sections, in order.

A record type adds its lists with one line in SECTIONS (see bot.qms.listing).
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from bot.qms.approvals import listing as approvals_listing
from bot.qms.feedback import listing as feedback_listing
from bot.qms.knowledge import listing as knowledge_listing
from bot.qms.listing import Section, SectionSource, Viewer
from bot.qms.nc import listing as nc_listing
from bot.qms.objectives import listing as objectives_listing
from bot.qms.prepared import reuse_plans
from bot.qms.reviews import listing as reviews_listing

SECTIONS: list[SectionSource] = [*nc_listing.SECTIONS, *approvals_listing.SECTIONS, *reviews_listing.SECTIONS,
                               *knowledge_listing.SECTIONS, *objectives_listing.SECTIONS, *feedback_listing.SECTIONS]


def sections(session: Session, *, team_id: str, user_id: str, is_manager: bool,
             sources: Sequence[SectionSource] = SECTIONS) -> list[Section]:
    viewer = Viewer(team_id, user_id, is_manager)
    reuse_plans(session)
    return [Section(source.title, tuple(source.query(session, viewer)), source.empty) for source in sources]
