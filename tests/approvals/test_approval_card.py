"""The card within Block Kit's limits (the fake Slack rejects what Slack rejects) and escaped."""
from tests.support.approvals import mrkdwn_texts, text_of
from tests.support.fixtures import QUALITY_CHANNEL

LONG_TITLE = ("Homepage & checkout redesign <!channel> for Acme Corporation, including the mobile layouts, "
              "the brand refresh and the new pricing table, final ").ljust(150, "x")


def buttons(message: dict) -> dict:
    return {b["text"]["text"]: b for block in message["blocks"] if block["type"] == "actions"
            for b in block["elements"]}


def test_the_confirm_dialog_states_what_is_signed_within_limits_for_a_150_character_title(flow):
    assert len(LONG_TITLE) == 150
    flow.fake.add_user("U_MANAGER", real_name="Maximiliana " + "Longname-" * 20)  # a 190-character name
    record_id = flow.ask_and_deliver(title=LONG_TITLE)
    for message in (*flow.posts_to(QUALITY_CHANNEL), *flow.posts_to("U_MANAGER")):
        for button in buttons(message).values():
            confirm = button["confirm"]
            assert len(confirm["title"]["text"]) <= 100 and len(confirm["text"]["text"]) <= 300
            assert len(confirm["confirm"]["text"]) <= 30 and len(confirm["deny"]["text"]) <= 30
        signed = buttons(message)["Approve"]["confirm"]["text"]["text"]
        assert signed.startswith(f'You approve {record_id} "Homepage & checkout redesign')
        assert signed.endswith(". This is recorded with your name and the time.")
    dm_copy, = flow.posts_to("U_MANAGER")
    assert " as Maximiliana Longname-" in buttons(dm_copy)["Approve"]["confirm"]["text"]["text"]
    flow.click("approve", record_id, user="U_MANAGER", dm="U_MANAGER")
    assert flow.slack.flush() == 4 and all(call.ok for call in flow.fake.calls)


def test_user_text_is_escaped_on_the_card_and_kept_whole_in_the_database(flow):
    record_id = flow.ask_and_deliver(title=LONG_TITLE, description="Check <@U_BOB> & <https://evil.example|this>",
                                     link="https://example.com/a?b=1&c=<2>")
    card, = flow.posts_to(QUALITY_CHANNEL)
    shown = "\n".join(mrkdwn_texts(card["blocks"]))
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in card["text"]
    assert "Check &lt;@U_BOB&gt; &amp; &lt;https://evil.example|this&gt;" in shown
    assert "<https://example.com/a?b=1&amp;c=&lt;2&gt;|" in shown
    request, _ = flow.stored(record_id)
    assert request.title == LONG_TITLE and request.description == "Check <@U_BOB> & <https://evil.example|this>"


def test_a_long_message_fits_the_modal_and_the_longest_fields_fit_the_card(flow, directory):
    text = "Long supplier terms. " * 300  # 6300 characters
    message = {"type": "message", "user": "U_BOB", "ts": "1700000002.000200", "text": text}
    flow.slack.message_shortcut("request_approval", user="U_ALICE", channel="C_SALES", message=message)
    view = flow.slack.last_view()
    assert len(view["private_metadata"]) <= 3000
    directory.drain()
    response = flow.ask(view=view, title="T" * 150, description="D" * 3000, link="https://example.com/" + "x" * 1900)
    assert response.status_code == 200 and response.content in (b"", b"{}"), response.content
    request, _ = flow.stored("APR-1")
    assert text.startswith(request.source_text[:-1]) and len(request.description) == 3000
    assert flow.slack.flush() == 4 and all(call.ok for call in flow.fake.calls)  # 2 posts, 2 shown with the link
    request, _ = flow.stored("APR-1")
    card = flow.updates_of("APR-1")[-1]
    assert request.source_permalink in text_of(card)
    assert f"*Link*\n<{request.link}|https://example.com/xxx" in mrkdwn_texts(card["blocks"])[1]  # whole, clickable
