"""The company's knowledge (ISO 9001 7.1.6): save it from Slack, find it, keep it true, see the bus factor.

rules      what a valid entry and a valid search are
records    save, find, the entry's versions
lifecycle  edit, still true, retire, reassign: who may, and doing it
search     full-text search (FTS5 on SQLite, tsvector on PostgreSQL), the same answers on both
query      a typed search split into words and filters (never passed to the database as syntax)
busfactor  per process: who holds its knowledge, what is overdue
listing, digest, reminders, export   what /qms mine, the digest, the reminder sweep and the workbook read
"""
