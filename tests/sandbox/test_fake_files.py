"""files_upload_v2 against the fake, strictly: a DM by its channel id, the bytes Slack was told of, once."""
from __future__ import annotations

import httpx

from tests.support.webapi import error_of


def test_an_upload_completed_in_a_dm_is_a_message_there(client, fake_slack):
    channel = client.conversations_open(users="U_ALICE")["channel"]["id"]
    result = client.files_upload_v2(content=b"PK workbook", filename="w.xlsx", title="Workbook", channel=channel,
                                    initial_comment="Here it is")
    [message] = fake_slack.messages[channel]
    assert (message["subtype"], message["text"]) == ("file_share", "Here it is")
    assert message["user"] == fake_slack.bot_user_id
    assert [file["id"] for file in message["files"]] == [result["file"]["id"]]


def test_a_user_id_is_not_a_channel_for_files(client):
    assert error_of(client.files_upload_v2, content=b"x", filename="a.txt", channel="U_ALICE") == "channel_not_found"


def test_completing_needs_the_bytes_announced_and_happens_once(client, fake_slack):
    ticket = client.files_getUploadURLExternal(filename="a.txt", length=5)
    httpx.post(ticket["upload_url"], content=b"abc")
    files = [{"id": ticket["file_id"], "title": "a"}]
    assert error_of(client.files_completeUploadExternal, files=files) == "invalid_arguments"
    httpx.post(ticket["upload_url"], content=b"abcde")
    client.files_completeUploadExternal(files=files)
    assert error_of(client.files_completeUploadExternal, files=files) == "file_not_found"


def test_the_upload_host_can_fail(client, fake_slack):
    fake_slack.fail("file_upload", status=500)
    ticket = client.files_getUploadURLExternal(filename="a.txt", length=1)
    assert httpx.post(ticket["upload_url"], content=b"a").status_code == 500
    assert ticket["file_id"] not in fake_slack.uploads
