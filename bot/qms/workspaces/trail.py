"""What a workspace's `settings.updated` events say its stored overrides are."""
from __future__ import annotations

from bot.qms.replay import Trail
from bot.qms.workspaces.records import EDITABLE
from models import Workspace

# A workspace's row appears with its first saved settings (no creation event of its own).
TRAIL = Trail("workspace", Workspace, created_by=None, id_column="team_id", only=EDITABLE,
              action_prefix="settings.")
