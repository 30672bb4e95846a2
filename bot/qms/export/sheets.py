"""The workbook's sheets after Summary, in design.md's order ("The auditor's workbook")."""
from __future__ import annotations

from bot.qms import threads_export
from bot.qms.audit import export as audit_export
from bot.qms.approvals import export as approvals_export
from bot.qms.export import placeholders
from bot.qms.nc import export as nc_export
from bot.qms.reviews import export as reviews_export
from bot.qms.sheets import SheetSource

SHEETS: tuple[SheetSource, ...] = (
    nc_export.SHEET,
    approvals_export.SHEET,
    *reviews_export.SHEETS,
    placeholders.CUSTOMER_FEEDBACK,
    placeholders.OBJECTIVES,
    placeholders.KNOWLEDGE,
    threads_export.SHEET,
    audit_export.SHEET,
)
