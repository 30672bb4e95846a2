"""The reminder sweep (issue 11 point 4): who should be reminded of what, now, exactly once per working day.

sources   the ordered table of features' `reminders_due` functions (bot.qms.inputs.Due)
sweep     ask the sources, keep what each recipient may be told now, claim it, hand back one Reminder per person
calendar  working days and hours in a person's own timezone
snooze    Snooze 1 day / 1 week: postpone items for one person, once
context   the workspace settings a sweep runs with, for the sources that need them
guard     one failing record is logged with its id and skipped, never the rest
links     where each reminded item's card (or the person's own DM copy of it) is
"""
