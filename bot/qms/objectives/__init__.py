"""Quality objectives (ISO 9001 6.2): OBJ-n, measured by Trellis from its own records, or by hand.

periods    a month or a quarter in the workspace's timezone, and the ones before it
measures   the measures there are: what each computes, its unit, which way is better, what a target is
values     every objective's value for its current and four previous periods (fixed statement count)
rules      what a valid objective and a valid manual value are
records    create one, record a manual value, find them
listing    what `/qms mine` and the Home tab show
digest     the management review's c2 input; reminders: manual values due; export: the `Objectives` sheet
"""
