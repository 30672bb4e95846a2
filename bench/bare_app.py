"""The baseline: a bare sync Bolt app on Bolt's own ASGI adapter (slack_bolt.adapter.asgi), served by
uvicorn with the options `trellis serve` uses (bot.serve.server_options: uvloop, httptools).

`/qms help` acks with a line; `/qms nc` acks and opens a modal (views.open with the trigger). Both
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

from bot.serve import server_options

MODAL = {"type": "modal", "callback_id": "bare_nc", "title": {"type": "plain_text", "text": "Report an NC"},
         "submit": {"type": "plain_text", "text": "Report"},
         "blocks": [{"type": "input", "block_id": "title", "label": {"type": "plain_text", "text": "What happened?"},
                     "element": {"type": "plain_text_input", "action_id": "title"}}]}


def bare_app() -> App:
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"], token_verification_enabled=False,
              process_before_response=True)

    @app.command("/qms")
    def qms(ack: Ack, command: dict, client: WebClient) -> None:
        if command.get("text", "").startswith("nc"):
            ack()
            client.views_open(trigger_id=command["trigger_id"], view=MODAL)
        else:
            ack(response_type="ephemeral", text="Trellis help")

    return app


def main() -> None:
    uvicorn.run(SlackRequestHandler(bare_app()), host="127.0.0.1", port=int(sys.argv[1]), **server_options())


if __name__ == "__main__":
    main()
