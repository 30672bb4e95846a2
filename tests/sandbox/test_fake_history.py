from slack_sdk import WebClient


def test_history_and_replies_page_like_slack(fake_slack):
    client = WebClient(token=fake_slack.bot_token, base_url=fake_slack.base_url)
    parent = client.chat_postMessage(channel="C_QUALITY", text="card", metadata={
        "event_type": "trellis_outbox", "event_payload": {"id": 7}})
    for n in range(3):
        fake_slack.post_as("U_BOB", "C_QUALITY", f"reply {n}", thread_ts=parent["ts"])
    fake_slack.post_as("U_BOB", "C_QUALITY", "top level")
    history = client.conversations_history(channel="C_QUALITY", include_all_metadata=True, limit=1)
    assert [m["text"] for m in history["messages"]] == ["top level"] and history["has_more"]
    second = client.conversations_history(channel="C_QUALITY", include_all_metadata=True,
                                          cursor=history["response_metadata"]["next_cursor"])
    assert second["messages"][0]["metadata"]["event_payload"] == {"id": 7}
    assert "metadata" not in client.conversations_history(channel="C_QUALITY")["messages"][1]
    replies = client.conversations_replies(channel="C_QUALITY", ts=parent["ts"], limit=2)
    assert [m["text"] for m in replies["messages"]] == ["card", "reply 0"] and replies["has_more"]
