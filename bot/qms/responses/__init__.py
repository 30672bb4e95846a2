"""First response times in customer channels (ISO 9001 8.2.1 customer communication, 9.1.2).

hours      working time between two moments in the workspace's working days and hours
timing     what a message event in a customer channel means: a customer waits, an internal reply answers
stats      median, 90th percentile and unanswered-past-target per channel (fixed statement count)
reminders  unanswered customer messages past the target, for the channel's owner
"""
