"""What the page shows one person: their sidebar, the conversation (or Trellis's Home tab) with its
messages and the ones only they see, an open thread, their top modal — drawn as HTML, in their
timezone and with names as they would read them."""
from __future__ import annotations

from html import escape

from bot.sandbox import workspace as ws
from bot.sandbox.manifest import surface
from bot.sandbox.render import Viewer, mrkdwn_html, plain_html, render_blocks, text_html
from bot.sandbox.render.dates import message_time
from bot.sandbox.render.elements import attrs

HOME = "home"


def viewer_for(fake, user_id: str, now) -> Viewer:
    person = ws.person(user_id)
    names = {uid: u["real_name"] for uid, u in fake.users.items()}
    people = tuple((p.user_id, p.real_name) for p in ws.PEOPLE if not p.client)
    channels = {cid: c["name"] for cid, c in fake.channels.items() if not c["is_im"]}
    conversations = tuple((cid, f"#{name}") for cid, name in channels.items())
    return Viewer(user_id, person.tz if person else ws.TIMEZONE, now, names, channels, people, conversations)


def sidebar(user_id: str) -> dict:
    person = ws.person(user_id)
    rooms = [{"id": cid, "name": ws.CHANNELS[cid][0], "shared": cid == ws.CLIENT} for cid in ws.channels_of(user_id)]
    return {"channels": rooms, "app": None if person is None or person.client else "D" + user_id}


def conversation(fake, viewer: Viewer, conv: str) -> dict:
    if conv == HOME:
        home = fake.home_views.get(viewer.user_id)
        body = render_blocks(home["blocks"], viewer) if home else '<p class="empty">Opening Trellis’s Home tab…</p>'
        return {"id": HOME, "title": "Trellis · Home", "html": body, "home_view": home["id"] if home else None}
    channel = fake.channels.get(conv, {})
    with fake._cond:
        posted = [dict(m) for m in fake.messages.get(conv, []) if m.get("thread_ts") in (None, m["ts"])]
    mine = [m for m in fake.ephemerals_for(conv, viewer.user_id) if not m.get("thread_ts")]
    shown = sorted(posted + mine, key=lambda m: float(m["ts"]))
    title = "Trellis" if channel.get("is_im") else f"#{channel.get('name', conv)}"
    topic = ws.CHANNELS.get(conv, ("", (), "Your direct messages with the Trellis app"))[2]
    return {"id": conv, "title": title, "topic": topic, "shared": conv == ws.CLIENT,
            "html": "".join(message_html(fake, viewer, conv, m) for m in shown) or
            '<p class="empty">No messages yet.</p>'}


def thread(fake, viewer: Viewer, conv: str, thread_ts: str | None) -> dict | None:
    if not thread_ts or conv == HOME:
        return None
    with fake._cond:
        messages = [dict(m) for m in fake.messages.get(conv, [])
                    if m["ts"] == thread_ts or m.get("thread_ts") == thread_ts]
    if not any(m["ts"] == thread_ts for m in messages):
        return None
    mine = [m for m in fake.ephemerals_for(conv, viewer.user_id) if m.get("thread_ts") == thread_ts]
    shown = sorted(messages + mine, key=lambda m: float(m["ts"]))
    return {"ts": thread_ts, "html": "".join(message_html(fake, viewer, conv, m, in_thread=True) for m in shown)}


def message_html(fake, viewer: Viewer, conv: str, message: dict, *, in_thread: bool = False) -> str:
    ephemeral = message.get("subtype") == "ephemeral"
    from_app = bool(message.get("bot_id"))
    author = "Trellis" if from_app else viewer.name_of(message.get("user", ""), message.get("user", "?"))
    if message.get("blocks"):
        body = f'<div class="blocks">{render_blocks(message["blocks"], viewer)}</div>'
    else:
        body = f'<div class="text">{mrkdwn_html(message.get("text"), viewer)}</div>'
    files = "".join(_file(f) for f in message.get("files", []))
    replies = message.get("reply_count", 0) if not in_thread and message.get("thread_ts") == message["ts"] else 0
    thread_link = (f'<button class="replies" data-thread="{escape(message["ts"])}">{replies} '
                   f'{"reply" if replies == 1 else "replies"}</button>') if replies else ""
    badge = ' <span class="badge">APP</span>' if from_app else ""
    only_you = '<div class="only-you">Only visible to you</div>' if ephemeral else ""
    edited = ' <span class="edited">(edited)</span>' if message.get("edited") else ""
    wrapper = attrs(class_="message" + (" ephemeral" if ephemeral else "") + (" from-app" if from_app else ""),
                    data_channel=conv, data_ts=message["ts"], data_ephemeral=ephemeral,
                    data_thread_ts=message.get("thread_ts"))
    menu = "" if ephemeral else _menu(message["ts"], in_thread)
    initials = "".join(word[0] for word in author.split()[:2]).upper()
    return (f'<article {wrapper}><div class="avatar{" app" if from_app else ""}">{escape(initials)}</div>'
            f'<div class="body">{only_you}<header><b class="author">{escape(author)}</b>{badge}'
            f'<time>{escape(message_time(message["ts"], viewer))}</time>{edited}</header>'
            f"{body}{files}{thread_link}</div>{menu}</article>")


def _menu(ts: str, in_thread: bool) -> str:
    items = [] if in_thread else [f'<button data-reply="{escape(ts)}">Reply in thread</button>']
    items += [f'<button {attrs(data_shortcut=s.callback_id, title=s.description)}>{escape(s.name)}</button>'
              for s in surface().shortcuts_of("message")]
    return (f'<div class="message-menu"><button class="more" aria-label="More actions" title="More actions">⋯</button>'
            f'<div class="menu">{"".join(items)}</div></div>')


def _file(info: dict) -> str:
    size = info.get("size") or info.get("length") or 0
    href = f"/files/{escape(info['id'])}/{escape(info.get('name', 'file'))}"
    return (f'<a class="file" download href="{href}"><span class="file-icon">📄</span><span>'
            f'<b>{plain_html(info.get("title") or info.get("name"))}</b>'
            f'<small>{plain_html(info.get("name", "file"))} · {size:,} bytes</small></span></a>')


def modal(fake, viewer: Viewer, errors: dict) -> dict | None:
    stack = fake.modal_stack(viewer.user_id)
    if not stack:
        return None
    view = stack[-1]
    shown = errors.get(view["id"]) or {}
    return {"id": view["id"], "hash": view.get("hash"), "depth": len(stack),
            "title": text_html(view.get("title"), viewer),
            "submit": text_html(view.get("submit"), viewer) if view.get("submit") else None,
            "close": text_html(view.get("close"), viewer) if view.get("close") else "Cancel",
            "errors": shown, "html": render_blocks(view.get("blocks"), viewer, errors=shown)}
