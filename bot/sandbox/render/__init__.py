"""Block Kit and mrkdwn as HTML, the way a Slack client draws them, for the sandbox's page.

Pure functions over plain dicts: `render_blocks(blocks, viewer)` for a message, the Home tab or a
modal's body; `mrkdwn_html` / `plain_html` for text objects. Interactive elements carry data-*
attributes (block and action ids, values, confirm dialogs) that the page's script turns into the
payloads Slack sends.
"""
from bot.sandbox.render.blocks import render_blocks
from bot.sandbox.render.mrkdwn import mrkdwn_html, plain_html, text_html
from bot.sandbox.render.viewer import Viewer

__all__ = ["Viewer", "mrkdwn_html", "plain_html", "render_blocks", "text_html"]
