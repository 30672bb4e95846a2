"""The QMS itself: pure functions over a Session and an explicit `now`. No Slack here."""
