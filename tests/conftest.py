"""Shared fixtures live in tests/support and are loaded here, once, for every test."""
pytest_plugins = ["tests.support.fixtures", "tests.support.nc", "tests.support.approvals", "tests.support.factories",
                  "tests.support.feedback"]
