"""Workspaces: the settings each runs with (environment defaults overridden per workspace).

records  the effective settings, who is a manager, saving a change
rules    what valid settings are (also used for the environment, by bot.config)
"""
from bot.qms.workspaces.records import (
                                        DEFAULT_PROCESSES,
                                        EDITABLE,
                                        WorkspaceSettings,
                                        current,
                                        effective,
                                        is_manager,
                                        settings_for,
                                        settings_or_stored,
                                        update_settings,
                                        use_defaults,
)

__all__ = ["DEFAULT_PROCESSES", "EDITABLE", "WorkspaceSettings", "effective", "is_manager", "settings_for",
           "settings_or_stored", "update_settings", "current", "use_defaults"]
