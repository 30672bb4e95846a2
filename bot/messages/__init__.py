"""What a change says in Slack: a record's card posted or updated in place, its thread
lines, DMs — rendered with bot.blocks and queued on the outbox in the caller's
transaction. Handlers and scheduled jobs both call these; nothing here calls Slack.

Importing the package registers what the outbox hands back up (bot.outbox.hooks): where a
permalink goes, and who is told when a record's post fails for good.
"""
from bot.messages import evidence, failures, threads  # noqa: F401 - they register their hooks
