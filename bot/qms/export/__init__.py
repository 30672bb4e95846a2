"""The auditor's workbook (design.md "The auditor's workbook"): one Excel file, one sheet per kind of
evidence, written as a stream.

`sheets` is the ordered table of sheets (each feature's `SheetSource`), `cells` keeps people's text
from turning into formulas, `batches` reads rows page by page, `summary` is the first sheet,
`writer` lays them out with openpyxl's write-only mode and `workbook` builds the file beside its
target and renames it into place.
"""
