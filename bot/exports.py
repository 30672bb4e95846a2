"""`/qms export` off the ack path: the workbook is built on a worker thread, in a private temporary
folder, uploaded to the requester's DM (files_upload_v2) and deleted — never kept on the server.

One workbook at a time per process (a large trail takes a core and some memory for a minute); a
second request waits its turn. A failure — building, opening the DM, uploading — is logged and the
requester is told by DM (queued on the outbox, so it reaches them even if Slack was the problem).
"""
from __future__ import annotations

import logging
import tempfile
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from urllib.error import HTTPError, URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.audit_elsewhere import verifier_for
from bot.blocks.export import file_comment
from bot.db import SessionFactory
from bot.messages.export import export_failed
from bot.pools import TrackedPool
from bot.qms.export.workbook import build
from bot.qms.sheets import Window
from bot.slack import make_client

log = logging.getLogger("trellis.export")
UPLOAD_TIMEOUT = 60  # seconds for each Web API call of the upload


class Exports:
    def __init__(self) -> None:
        self._pool = TrackedPool(1, "trellis-export")

    def start(self, *, sessions: SessionFactory, client: WebClient, team_id: str, user_id: str,
              now: datetime, since: datetime | None = None, until: datetime | None = None) -> Future:
        """Queue one workbook for `user_id`; returns at once."""
        patient = make_client(client.token, base_url=client.base_url, timeout=UPLOAD_TIMEOUT)
        return self._pool.submit(send_workbook, sessions, patient, window=Window(team_id, since, until),
                                 user_id=user_id, now=now)

    def wait(self, timeout: float = 60) -> None:
        """Until every queued workbook was sent or given up on (tests, shutdown)."""
        self._pool.wait(timeout)


EXPORTS = Exports()


def send_workbook(sessions: SessionFactory, client: WebClient, *, window: Window, user_id: str,
                  now: datetime) -> bool:
    """Build, upload to the requester's DM, delete. True when the file reached Slack. `now` is the request's
    moment (the sandbox's clock in the sandbox): the workbook's "generated" time."""
    team_id = window.team_id
    with tempfile.TemporaryDirectory(prefix="trellis-export-") as folder:
        path = Path(folder) / f"trellis-workbook-{team_id}-{now:%Y-%m-%d}.xlsx"
        try:
            with sessions.reads() as session:
                built = build(session, window=window, out=path, generated_by=user_id, now=now,
                              verifier=verifier_for(session))
            channel = client.conversations_open(users=user_id)["channel"]["id"]
            client.files_upload_v2(channel=channel, file=str(path), filename=path.name,
                                   title=f"Auditor's workbook {now:%Y-%m-%d}",
                                   initial_comment=file_comment(built.counts, built.chain.result(),
                                                                built.chain.head_hash))
            return True
        except Exception as error:  # every failure is told and logged; the folder goes either way
            log.error("the workbook for %s in %s was not sent: %s", user_id, team_id, error, exc_info=error)
            with sessions.begin() as session:
                export_failed(session, team_id=team_id, user_id=user_id, error=_words(error), now=now)
            return False


def _words(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return f"Slack answered {error.response.get('error') or error.response.status_code}"
    if isinstance(error, SlackRequestError):  # files_upload_v2's upload step: the file never reached Slack
        return f"Slack's file upload failed ({str(error).split(', body')[0].removeprefix('Failed to upload a file ')})"
    if isinstance(error, HTTPError):  # the upload host answered with an error status
        return f"Slack's file upload failed (HTTP {error.code})"
    if isinstance(error, URLError):
        return f"Slack's file upload failed ({error.reason})"
    if isinstance(error, OSError):
        return f"the server could not write it ({error.strerror or error})"
    return f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else 'unexpected error'}"
