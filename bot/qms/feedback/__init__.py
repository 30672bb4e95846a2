"""Customer feedback (ISO 9001 9.1.2): FB-n records and the customers they name.

rules       what valid feedback is, and what a low score is
customers   the customers people have named (the type-ahead), and their Slack Connect organisations
records     log feedback, find it
complaints  a low score raised as a customer-complaint NC, linked both ways
listing     what `/qms mine` and the Home tab show
digest      the management review's c1 input (with bot.qms.responses)
export      the workbook's `Customer feedback` sheet
"""
