"""files.*: the v2 upload flow used by WebClient.files_upload_v2 (get a URL, upload, complete)."""
from __future__ import annotations

import mimetypes
from typing import TYPE_CHECKING

from bot.sandbox.slack.methods import method, pick
from bot.sandbox.slack.replies import SlackError

if TYPE_CHECKING:
    from bot.sandbox.slack.server import FakeSlack


@method("files.getUploadURLExternal", "filename", "length")
def files_get_upload_url_external(fake: FakeSlack, args: dict) -> dict:
    if not str(args["length"]).isdigit():
        raise SlackError("invalid_arguments", ["[ERROR] length must be an integer"])
    file_id = f"F{next(fake._ids):08d}"
    fake.files[file_id] = {"id": file_id, "name": args["filename"], "length": int(args["length"])}
    return {"upload_url": f"{fake.root_url}/upload/{file_id}", "file_id": file_id}


@method("files.completeUploadExternal", "files")
def files_complete_upload_external(fake: FakeSlack, args: dict) -> dict:
    entries = args["files"]
    if not isinstance(entries, list) or not all(isinstance(e, dict) and e.get("id") for e in entries):
        raise SlackError("invalid_arguments", ["[ERROR] files must be a JSON array of {id, title}"])
    if any(entry["id"] not in fake.uploads or fake.files[entry["id"]].get("completed") for entry in entries):
        raise SlackError("file_not_found")  # never uploaded, or completed already
    if any(len(fake.uploads[entry["id"]]) != fake.files[entry["id"]]["length"] for entry in entries):
        raise SlackError("invalid_arguments", ["[ERROR] the uploaded bytes do not match the length asked for"])
    room = fake.postable_channel(args["channel_id"]) if args.get("channel_id") else None
    channel = room["id"] if room else None
    files = []
    for entry in entries:
        info = fake.files[entry["id"]]
        info["completed"] = True
        info.update(title=entry.get("title") or info["name"], size=len(fake.uploads[entry["id"]]),
                    mimetype=mimetypes.guess_type(info["name"])[0] or "application/octet-stream",
                    permalink=f"https://example.slack.com/files/{fake.bot_user_id}/{entry['id']}/{info['name']}",
                    channels=[channel] if channel else [], initial_comment=args.get("initial_comment"))
        files.append(dict(info))
    if room is not None:  # shared in the channel: a message from the app carrying the files, as Slack shows it
        fake.store_message(room, {
            "type": "message", "subtype": "file_share", "user": fake.bot_user_id, "bot_id": fake.bot_id,
            "team": fake.team_id, "ts": fake._next_ts(), "text": args.get("initial_comment") or "",
            "files": [dict(file) for file in files], **pick(args, "thread_ts")})
    return {"files": files}
