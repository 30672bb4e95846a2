"""The weekly digest and the management review (ISO 9001 9.3).

periods   when a digest is due and which period it covers, in the workspace's timezone
build     the digest: its ordered table of 9.3.2 inputs, each asked once
claims    the unique claim row of a period: posted once, whoever runs it
digest    input a): the status of actions from previous reviews
records   recording MR-n (its inputs frozen) and its actions ACT-n
lifecycle an action's moves: done by its owner, confirmed by another manager
listing   `/qms mine` and Home; reminders (the sweep's source); export (the workbook's sheets)
"""
