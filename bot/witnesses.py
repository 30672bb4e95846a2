"""The heads of the audit trail Slack holds, read back from channel history for `trellis audit verify`."""
from __future__ import annotations

from collections.abc import Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.qms.audit.witness import Witnessed, witnessed_in

PAGE, MAX_PAGES = 200, 100  # up to 20,000 messages per channel


class Unreachable(Exception):
    """Slack did not answer: the witnesses could not be read (the rest is still checked)."""


def read_witnessed(client: WebClient, *, team_id: str, channels: Iterable[str]) -> tuple[list[Witnessed], list[str]]:
    """(the heads found, a note per channel that could not be read). Raises Unreachable when Slack is down."""
    found: list[Witnessed] = []
    notes: list[str] = []
    for channel in channels:
        try:
            found.extend(_history(client, team_id, channel))
        except SlackApiError as exc:
            notes.append(f"{channel} could not be read ({exc.response.get('error')})")
        except (SlackClientError, OSError) as exc:
            raise Unreachable(f"Slack unreachable ({type(exc).__name__})") from None
    return found, notes


def _history(client: WebClient, team_id: str, channel: str) -> list[Witnessed]:
    found, cursor = [], None
    for _page in range(MAX_PAGES):
        answer = client.conversations_history(channel=channel, include_all_metadata=True, limit=PAGE,
                                              **({"cursor": cursor} if cursor else {}))
        found.extend(filter(None, (witnessed_in(message, team_id=team_id, channel=channel)
                                   for message in answer.get("messages") or ())))
        cursor = (answer.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return found
