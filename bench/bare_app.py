"""The baseline: a bare sync Bolt app on Bolt's own ASGI adapter (slack_bolt.adapter.asgi), served by
uvicorn with the options `trellis serve` uses (bot.serve.server_options: uvloop, httptools).

`/qms help` acks with Trellis's help; `/qms nc` acks and opens Trellis's report modal (views.open). Both
run before the HTTP response (process_before_response), as Trellis's listeners do: the same work on
the ack path. Bolt's adapter runs `dispatch` on the event loop itself, which is the fastest a bare
Bolt app gets for listeners this short (no thread hop); Bolt's defaults (process_before_response off)
would answer `/qms nc` before views.open and so measure less work.

    python -m bench.bare_app PORT
"""
from __future__ import annotations

import os
import sys

import uvicorn
from slack_bolt import Ack, App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.blocks.help import help_message
from bot.blocks.nc.modals import report_modal
from bot.qms.workspaces.records import DEFAULT_PROCESSES
from bot.serve import server_options

# Trellis's own answers, built once: the same bytes go back to Slack and the same view to the fake
# Slack to check and store, so what differs is only the work each app does per request.
HELP = help_message("/qms")
MODAL = report_modal(processes=DEFAULT_PROCESSES, title="Jig broken on line 2")


def bare_app(*, process_before_response: bool = True) -> App:
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"], token_verification_enabled=False,
              process_before_response=process_before_response)

    @app.command("/qms")
    def qms(ack: Ack, command: dict, client: WebClient) -> None:
        if command.get("text", "").startswith("nc"):
            ack()
            client.views_open(trigger_id=command["trigger_id"], view=MODAL)
        else:
            ack(**HELP)

    return app


def main() -> None:
    uvicorn.run(SlackRequestHandler(bare_app()), host="127.0.0.1", port=int(sys.argv[1]), **server_options())


if __name__ == "__main__":
    main()
