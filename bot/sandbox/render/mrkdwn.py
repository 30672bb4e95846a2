"""Slack's mrkdwn as HTML: *bold*, _italic_, ~strike~, `code`, ```preformatted```, > quotes,
<url|links>, <@U…> mentions as names, <#C…> channels, <!here>, <!date^…> in the reader's timezone.

Slack's text arrives with `&`, `<` and `>` as entities and markup in literal <…>; everything a
person wrote is escaped for HTML here, so no text can inject markup into the page.
"""
from __future__ import annotations

import re
from html import escape

from bot.sandbox.render.dates import format_date
from bot.sandbox.render.viewer import Viewer

TOKEN = re.compile(r"<([^<>\n]*)>")
CODE = re.compile(r"`([^`\n]+)`")
STYLES = (  # Slack's rules: the markers hug the text, and are not inside a word
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])"), "b"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])"), "i"),
    (re.compile(r"(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])"), "s"),
)
SAFE_SCHEMES = ("http://", "https://", "mailto:")
EMOJI = {
    "white_check_mark": "✅", "x": "❌", "hourglass_flowing_sand": "⏳", "no_entry_sign": "🚫", "warning": "⚠️",
    "calendar": "📅", "bell": "🔔", "memo": "📝", "clipboard": "📋", "wave": "👋", "tada": "🎉",
    "thumbsup": "👍", "+1": "👍", "eyes": "👀", "rotating_light": "🚨", "bar_chart": "📊", "books": "📚",
    "bulb": "💡", "mag": "🔍", "inbox_tray": "📥", "zzz": "💤", "heavy_check_mark": "✔️", "red_circle": "🔴",
    "large_green_circle": "🟢", "large_yellow_circle": "🟡", "arrow_right": "➡️", "lock": "🔒", "link": "🔗",
}
EMOJI_CODE = re.compile(r":([a-z0-9_+\-]+):")
HOLE = "\x00{}\x00"  # where a rendered piece goes back after styling (never in Slack text: NULs are replaced)


def unescape_slack(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def emoji(html_text: str) -> str:
    return EMOJI_CODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), html_text)


def plain_html(text: str | None, *, emoji_on: bool = True) -> str:
    """A plain_text object's text: literal, escaped; `:emoji:` codes drawn when `emoji` is on."""
    out = escape(text or "")
    return emoji(out) if emoji_on else out


def text_html(obj: dict | None, viewer: Viewer) -> str:
    """A text object (plain_text or mrkdwn) as HTML."""
    if not obj:
        return ""
    if obj.get("type") == "mrkdwn":
        return mrkdwn_html(obj.get("text"), viewer)
    return plain_html(obj.get("text"), emoji_on=obj.get("emoji", True))


def mrkdwn_html(text: str | None, viewer: Viewer) -> str:
    text = text or ""
    parts = re.split(r"```", text)
    out = []
    for index, part in enumerate(parts):
        if index % 2 and index < len(parts) - 1:  # inside a ``` fence: literal, links still work
            out.append(f'<pre class="mk-pre">{_inline(part.strip(chr(10)), viewer, styled=False)}</pre>')
        else:
            out.append(_lines(part if index % 2 == 0 else "```" + part, viewer))
    return "".join(out)


def _lines(text: str, viewer: Viewer) -> str:
    """Lines, with runs of `>` lines as one quote."""
    html, quote = [], []
    for line in text.split("\n"):
        if line.startswith(">"):
            quote.append(_inline(line[1:].removeprefix(" "), viewer))
            continue
        if quote:
            html.append(f'<blockquote class="mk-quote">{"<br>".join(quote)}</blockquote>')
            quote = []
        html.append(_inline(line, viewer) + "<br>")
    if quote:
        html.append(f'<blockquote class="mk-quote">{"<br>".join(quote)}</blockquote>')
    joined = "".join(html)
    return joined[:-4] if joined.endswith("<br>") else joined


def _inline(line: str, viewer: Viewer, *, styled: bool = True) -> str:
    holes: list[str] = []

    def hole(html: str) -> str:
        holes.append(html)
        return HOLE.format(len(holes) - 1)

    pieces, last = [], 0
    for match in TOKEN.finditer(line):
        pieces.append(escape(unescape_slack(line[last:match.start()])))
        pieces.append(hole(token_html(match.group(1), viewer)))
        last = match.end()
    pieces.append(escape(unescape_slack(line[last:])))
    out = "".join(pieces)
    if styled:
        out = CODE.sub(lambda m: hole(f'<code class="mk-code">{m.group(1)}</code>'), out)
        for pattern, tag in STYLES:
            out = pattern.sub(lambda m, tag=tag: f"<{tag}>{m.group(1)}</{tag}>", out)
        out = emoji(out)
    for number in range(len(holes) - 1, -1, -1):  # holes may hold holes (code around a link)
        out = out.replace(HOLE.format(number), holes[number])
    return out


def token_html(inner: str, viewer: Viewer) -> str:
    """One `<…>` of Slack markup: a mention, a channel, a broadcast, a date or a link (safe schemes only)."""
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        user_id = target[1:]
        name = escape(viewer.name_of(user_id, label))
        return f'<span class="mk-mention" data-user="{escape(user_id)}">@{name}</span>'
    if target.startswith("#"):
        channel_id = target[1:]
        name = viewer.channels.get(channel_id) or label or channel_id
        return f'<span class="mk-channel" data-channel="{escape(channel_id)}">#{escape(name)}</span>'
    if target.startswith("!"):
        return _special(target[1:], label, viewer)
    url = unescape_slack(target)
    shown = escape(unescape_slack(label or target))
    if not url.lower().startswith(SAFE_SCHEMES):
        return shown
    return f'<a class="mk-link" href="{escape(url)}" target="_blank" rel="noopener noreferrer">{shown}</a>'


def _special(command: str, label: str, viewer: Viewer) -> str:
    word, *args = command.split("^")
    if word in ("here", "channel", "everyone"):
        return f'<span class="mk-mention mk-broadcast">@{word}</span>'
    if word == "subteam":
        return f'<span class="mk-mention">{escape(unescape_slack(label) or "@group")}</span>'
    if word == "date" and len(args) >= 2:
        shown = escape(format_date(args[0], args[1], unescape_slack(label), viewer))
        return f'<time class="mk-date" data-ts="{escape(args[0])}">{shown}</time>'
    return escape(unescape_slack(label or word))
