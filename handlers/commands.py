"""Registration table: slash commands. `/qms <subcommand>` (design.md "Slack surface") and `/nc`.

One listener answers `/qms` and hands each subcommand to its listener in SUBCOMMANDS (an
unknown one gets help): a table lookup per request instead of a Bolt matcher per subcommand.
"""
from __future__ import annotations

from slack_bolt import App
from slack_bolt.kwargs_injection import Args

from handlers import export, mine, settings, usage
from handlers.approvals import ask
from handlers.feedback import log
from handlers.knowledge import find
from handlers.nc import report
from handlers.objectives import define
from handlers.reviews import digest
from handlers.slash import call_with, subcommand_of

PLANNED: tuple[str, ...] = ()  # in design.md, not built yet
SUBCOMMANDS = {
    "": usage.show, "help": usage.show,
    "nc": report.command,
    "approval": ask.command,
    "kb": find.command,
    "feedback": log.command,
    "objective": define.command,
    "mine": mine.show,
    "settings": settings.open_modal,
    "digest": digest.preview,
    "export": export.command,
    **{name: usage.planned for name in PLANNED},
}


def register(app: App) -> None:
    app.command("/qms")(qms)
    app.command("/nc")(report.command)


def qms(args: Args) -> None:
    call_with(SUBCOMMANDS.get(subcommand_of(args.command), usage.unknown), args)
