"""The outbox: every Slack message is queued in the transaction of the change it reports,
then delivered after commit — claimed once, retried, rate-limit aware — and inbound
deliveries Slack may repeat are recognised once.

queue     enqueue a Web API call (optionally about one copy of a record) in the caller's transaction
copies    where each record's copies landed in Slack (SlackMessage)
claims    leases on due rows (renewed while working), and what Slack answered
sending   one Web API call and what its answer means (delivered, retry, rate limited, failed)
landed    each post's identity in its metadata, and finding a post whose answer was lost
delivery  a delivery pass: claim batches, talk to the database in short writes
batch     one claimed batch: send in order, record the answers, renew the leases
instance  this process's name in leases, the same after a restart
worker    the thread that runs passes after each commit and on a timer
status    what `trellis outbox` prints and /healthz reports
inbound   de-duplication of Slack's redeliveries (events, view submissions)
"""
