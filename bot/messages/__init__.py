"""What a change says in Slack: a record's card posted or updated in place, its thread
lines, DMs — rendered with bot.blocks and queued on the outbox in the caller's
transaction. Handlers and scheduled jobs both call these; nothing here calls Slack.
"""
