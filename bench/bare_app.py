"""The baseline: a bare sync Bolt app that only acks `/qms`, served exactly like Trellis (bot.web)."""
from __future__ import annotations

import os
import sys

import uvicorn
from slack_bolt import App
from slack_sdk import WebClient

from bot.web import create_web_app


def main() -> None:
    port, process_before_response = int(sys.argv[1]), sys.argv[2] == "true"
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"], token_verification_enabled=False,
              process_before_response=process_before_response)
    app.command("/qms")(lambda ack: ack("ok"))
    uvicorn.run(create_web_app(app, lambda: {}), host="127.0.0.1", port=port, log_level="warning",
                access_log=False)


if __name__ == "__main__":
    main()
