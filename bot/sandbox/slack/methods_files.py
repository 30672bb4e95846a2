"""files.*: the v2 upload flow used by WebClient.files_upload_v2 (get a URL, upload, complete)."""
from __future__ import annotations

import mimetypes
from typing import TYPE_CHECKING

from bot.sandbox.slack.methods import method
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
    if any(entry["id"] not in fake.uploads for entry in entries):
        raise SlackError("file_not_found")
    channel = fake.postable_channel(args["channel_id"])["id"] if args.get("channel_id") else None
    files = []
    for entry in entries:
        info = fake.files[entry["id"]]
        info.update(title=entry.get("title") or info["name"], size=len(fake.uploads[entry["id"]]),
                    mimetype=mimetypes.guess_type(info["name"])[0] or "application/octet-stream",
                    permalink=f"https://example.slack.com/files/{fake.bot_user_id}/{entry['id']}/{info['name']}",
                    channels=[channel] if channel else [], initial_comment=args.get("initial_comment"))
        files.append(dict(info))
    return {"files": files}
