"""The workbook's sheets after Summary, in design.md's order ("The auditor's workbook")."""
from __future__ import annotations

from bot.qms import threads_export
from bot.qms.approvals import export as approvals_export
from bot.qms.audit import export as audit_export
from bot.qms.feedback import export as feedback_export
from bot.qms.knowledge import export as knowledge_export
from bot.qms.nc import export as nc_export
from bot.qms.objectives import export as objectives_export
from bot.qms.reviews import export as reviews_export
from bot.qms.sheets import SheetSource

SHEETS: tuple[SheetSource, ...] = (
    nc_export.SHEET,
    approvals_export.SHEET,
    *reviews_export.SHEETS,
    feedback_export.SHEET,
    objectives_export.SHEET,
    knowledge_export.SHEET,
    threads_export.SHEET,
    audit_export.SHEET,
)
