"""The sandbox: a local stand-in for Slack that the tests, the benchmarks and
`trellis sandbox` all drive the real bot with."""
