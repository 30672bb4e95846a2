"""Registration table: slash commands. `/qms <subcommand>` (design.md "Slack surface") and `/nc`.

Bolt tries listeners in the order registered; each matches its subcommands, and the
last answers anything else with help.
"""
from __future__ import annotations

from slack_bolt import App

from handlers import mine, settings, usage
from handlers.approvals import ask
from handlers.nc import report
from handlers.slash import subcommand

PLANNED = ("kb", "feedback", "objective", "export", "digest")  # in design.md, not built yet


def register(app: App) -> None:
    app.command("/qms", matchers=[subcommand("", "help")])(usage.show)
    app.command("/qms", matchers=[subcommand("nc")])(report.command)
    app.command("/qms", matchers=[subcommand("approval")])(ask.command)
    app.command("/qms", matchers=[subcommand("mine")])(mine.show)
    app.command("/qms", matchers=[subcommand("settings")])(settings.open_modal)
    app.command("/qms", matchers=[subcommand(*PLANNED)])(usage.planned)
    app.command("/qms")(usage.unknown)
    app.command("/nc")(report.command)
