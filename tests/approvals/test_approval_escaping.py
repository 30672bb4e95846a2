"""Text typed into Trellis (title, description, link, the reason) is escaped everywhere Slack shows it; the
quoted message keeps Slack's own markup but never broadcasts or pings (its mentions become names)."""
import json

from tests.support.approvals import mrkdwn_texts
from tests.support.fixtures import QUALITY_CHANNEL

TITLE = "Q3 plan <!channel> & <@U_BOB> <https://evil.example|the bank>"
DESCRIPTION = "See <!here> & <https://evil.example|the real file>"
LINK = "https://example.com/doc?a=1&b=<2>|<!everyone>"
MESSAGE = "Quote <!subteam^S1> <!here> <@U_BOB>"  # as Slack sends it: its own markup
REASON = "No: <!channel> <@U_CAROL> <https://evil.example|click>"
# What would ping, mention or forge a link if it reached Slack unescaped (the real mentions are
# the requester, the approvers and the clicker: Alice, Manager, Admin).
FORBIDDEN = ("<!channel", "<!here", "<!everyone", "<!subteam", "<@U_BOB>", "<@U_CAROL>", "<https://evil", "|<!")
SHOWN_BY = ("chat.postMessage", "chat.update", "chat.postEphemeral", "response_url", "views.open", "views.update",
            "views.publish")


def shown_texts(message: dict) -> list[str]:
    """What Slack reads as mrkdwn: every mrkdwn object, and a message's top-level text."""
    view = message.get("view")
    blocks = (json.loads(view) if isinstance(view, str) else view or {}).get("blocks") or message.get("blocks")
    top = [message["text"]] if isinstance(message.get("text"), str) else []
    return top + mrkdwn_texts(blocks or [])


def test_hostile_text_is_shown_escaped_on_every_surface_and_stored_whole(flow, directory):
    flow.slack.message_shortcut("request_approval", user="U_ALICE", channel="C_SALES",
                                message={"type": "message", "user": "U_ALICE", "ts": "1700000003.000300",
                                         "text": MESSAGE})
    directory.drain()  # what Slack says about #sales (public) and Bob, looked up after the modal opened
    response = flow.ask(view=flow.slack.last_view(), title=TITLE, description=DESCRIPTION, link=LINK,
                        approvers=["U_MANAGER", "U_ADMIN"], policy="all")
    assert response.content in (b"", b"{}"), response.content
    flow.slack.flush()
    record_id = "APR-1"
    mine = [flow.slack.command("mine", user=user).json() for user in ("U_ALICE", "U_MANAGER")]
    flow.slack.event({"type": "app_home_opened", "user": "U_MANAGER", "tab": "home", "channel": "DU_MANAGER"})
    assert flow.reject(record_id, REASON, user="U_ADMIN", dm="U_ADMIN").content in (b"", b"{}")
    flow.slack.flush()
    flow.click("approve", record_id, user="U_MANAGER", dm="U_MANAGER")  # refused: it was rejected

    shown = [text for call in flow.fake.calls if call.method in SHOWN_BY and call.ok for text in shown_texts(call.args)]
    shown += [text for body in mine for text in shown_texts(body)]
    for text in shown:
        assert not any(bad in text for bad in FORBIDDEN), text
    everything = "\n".join(shown)
    assert everything.count("Q3 plan &lt;!channel&gt; &amp; &lt;@U_BOB&gt; &lt;https://evil.example|the bank&gt;") >= 8
    assert "See &lt;!here&gt; &amp; &lt;https://evil.example|the real file&gt;" in everything
    assert "<https://example.com/doc?a=1&amp;b=&lt;2&gt;%7C&lt;!everyone&gt;|" in everything  # one link, no forged text
    assert "Quote @group @here @U_BOB" in everything  # in the modal, before the directory knew Bob
    assert "Quote @group @here @bob" in everything  # on the cards: quoted from a public channel, harmless
    reason = "No: &lt;!channel&gt; &lt;@U_CAROL&gt; &lt;https://evil.example|click&gt;"
    places = {"cards": [c.args for c in flow.fake.ok_calls("chat.update")][-3:],  # the card and two DM copies
              "thread line": [m for m in flow.posts_to(QUALITY_CHANNEL) if m.get("thread_ts")],
              "notice": flow.posts_to("U_ALICE"), "refusal": flow.slack.responses()}
    for place, messages in places.items():
        assert messages and all(reason in "\n".join(shown_texts(m)) for m in messages), place

    request, approvers = flow.stored(record_id)
    assert (request.title, request.description, request.link, request.source_text, request.reason) == (
        TITLE, DESCRIPTION, LINK, MESSAGE, REASON)
    assert approvers[1].comment == REASON
