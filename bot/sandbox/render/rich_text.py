"""A rich_text block (what Slack's composer sends for a person's message) as HTML: sections, bulleted and
numbered lists, quotes and code blocks; text with bold, italic, strike and code styles, links, mentions,
channels, broadcasts, emoji and dates — the markup pieces drawn as mrkdwn draws them."""
from __future__ import annotations

from html import escape

from bot.sandbox.render.mrkdwn import EMOJI, token_html
from bot.sandbox.render.viewer import Viewer

STYLE_TAGS = (("code", "code"), ("bold", "b"), ("italic", "i"), ("strike", "s"))


def _slack(text: str) -> str:
    """Text as it would sit inside Slack's `<…>` markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _piece(element: dict, viewer: Viewer) -> str:
    kind = element.get("type")
    if kind == "text":
        html = escape(element.get("text", "")).replace("\n", "<br>")
    elif kind == "link":
        url = _slack(element.get("url", ""))
        html = token_html(f"{url}|{_slack(element['text'])}" if element.get("text") else url, viewer)
    elif kind == "user":
        html = token_html(f"@{element.get('user_id', '')}", viewer)
    elif kind == "channel":
        html = token_html(f"#{element.get('channel_id', '')}", viewer)
    elif kind == "broadcast":
        html = token_html(f"!{element.get('range', 'here')}", viewer)
    elif kind == "usergroup":
        html = token_html(f"!subteam^{element.get('usergroup_id', '')}", viewer)
    elif kind == "emoji":
        code = element.get("unicode")
        html = escape("".join(chr(int(point, 16)) for point in code.split("-")) if code
                      else EMOJI.get(element.get("name", ""), f":{element.get('name', '')}:"))
    elif kind == "date":
        html = token_html(f"!date^{element.get('timestamp', '')}^{_slack(element.get('format', '{date}'))}|"
                          f"{_slack(element.get('fallback', ''))}", viewer)
    else:
        html = ""
    for style, tag in STYLE_TAGS:
        if (element.get("style") or {}).get(style):
            html = f'<{tag} class="mk-code">{html}</{tag}>' if tag == "code" else f"<{tag}>{html}</{tag}>"
    return html


def _inline(part: dict, viewer: Viewer) -> str:
    return "".join(_piece(element, viewer) for element in part.get("elements", []))


def _part(part: dict, viewer: Viewer) -> str:
    kind = part.get("type")
    if kind == "rich_text_list":
        tag = "ol" if part.get("style") == "ordered" else "ul"
        items = "".join(f"<li>{_inline(item, viewer)}</li>" for item in part.get("elements", []))
        return f'<{tag} class="rt-list rt-indent-{int(part.get("indent", 0))}">{items}</{tag}>'
    if kind == "rich_text_quote":
        return f'<blockquote class="mk-quote">{_inline(part, viewer)}</blockquote>'
    if kind == "rich_text_preformatted":
        return f'<pre class="mk-pre">{_inline(part, viewer)}</pre>'
    return f'<div class="rt-section">{_inline(part, viewer)}</div>'


def rich_text_html(block: dict, viewer: Viewer) -> str:
    return f'<div class="bk-rich-text">{"".join(_part(part, viewer) for part in block.get("elements", []))}</div>'
