"""Workspaces and their settings: environment defaults overridden per workspace."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import datetime

from sqlalchemy.orm import Session

from bot.qms import audit
from bot.qms.rows import insert_ignore
from models import Workspace

DEFAULT_PROCESSES = ("Sales", "Delivery", "Design", "Support", "Suppliers", "Other")
CHANGED_FLAG = "trellis_settings_changed"  # session.info: workspaces whose settings this transaction changed
EDITABLE = ("quality_channel", "digest_channel", "managers", "timezone", "digest_schedule",
            "stale_days", "processes", "allow_any_approver", "working_days",
            "knowledge_channel", "kb_review_days", "feedback_scale", "customer_channels",
            "customer_channel_owners", "response_target_hours")


@dataclass(frozen=True)
class WorkspaceSettings:
    """What a workspace runs with. Built from the environment, then overridden."""

    quality_channel: str | None = None
    digest_channel: str | None = None
    managers: tuple[str, ...] = ()
    timezone: str = "UTC"
    digest_schedule: str = "mon 09:00"
    stale_days: int = 14
    processes: tuple[str, ...] = DEFAULT_PROCESSES
    allow_any_approver: bool = False
    working_days: str = "mon-fri"  # days reminders are sent, in each recipient's timezone
    knowledge_channel: str | None = None
    kb_review_days: int = 180
    overridden: frozenset[str] = field(default_factory=frozenset)
    feedback_scale: str = "csat"  # csat (1-5) | nps (0-10)
    customer_channels: tuple[str, ...] = ()  # where first response times are measured
    customer_channel_owners: dict[str, str] = field(default_factory=dict)  # channel -> who is reminded
    response_target_hours: float = 4.0  # working hours a customer message may wait for a first reply

    @property
    def review_channel(self) -> str | None:
        return self.digest_channel or self.quality_channel

    @property
    def kb_channel(self) -> str | None:
        """Where knowledge cards go: the knowledge channel, else the quality channel."""
        return self.knowledge_channel or self.quality_channel


def effective(workspace: Workspace | None, defaults: WorkspaceSettings) -> WorkspaceSettings:
    if workspace is None:
        return defaults
    changes = {name: getattr(workspace, name) for name in EDITABLE
               if getattr(workspace, name) is not None and name != "allow_any_approver"}
    changes = {key: tuple(value) if isinstance(value, list) else value for key, value in changes.items()}
    return replace(defaults, **changes, allow_any_approver=bool(workspace.allow_any_approver),
                   overridden=frozenset(changes))


def settings_for(session: Session, *, team_id: str, defaults: WorkspaceSettings) -> WorkspaceSettings:
    return effective(session.get(Workspace, team_id), defaults)


DEFAULTS_KEY = "trellis_workspace_defaults"  # session.info: the environment's defaults, for jobs' inputs


def use_defaults(session: Session, defaults: WorkspaceSettings) -> None:
    """Let code that gets only (session, team_id) — digest inputs, reminder sources — see the settings."""
    session.info[DEFAULTS_KEY] = defaults


def current(session: Session, *, team_id: str) -> WorkspaceSettings:
    """The workspace's settings over the defaults given by `use_defaults` (the built-in ones otherwise)."""
    return settings_for(session, team_id=team_id, defaults=session.info.get(DEFAULTS_KEY) or WorkspaceSettings())


def settings_or_stored(session: Session, *, team_id: str, settings: WorkspaceSettings | None) -> WorkspaceSettings:
    """The settings a caller passed, else the workspace's own over the defaults of `use_defaults` (code run
    outside a request, such as the digest and the reminder sweep, when it was not given them)."""
    return settings or current(session, team_id=team_id)


def is_manager(settings: WorkspaceSettings, user_id: str, *, is_admin: bool = False) -> bool:
    """Managers are named in settings; workspace admins and owners always are."""
    return is_admin or user_id in settings.managers


def update_settings(
    session: Session, *, team_id: str, actor: str, changes: dict, now: datetime,
) -> Workspace:
    """Store overrides (None = back to the default) with one audit event, which also covers
    creating the workspace's row the first time settings are saved."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not a workspace setting: {', '.join(sorted(unknown))}")
    created = insert_ignore(session, Workspace, team_id=team_id, created_at=now, updated_at=now,
                            allow_any_approver=False)
    workspace = session.get(Workspace, team_id, with_for_update=True)  # two saves at once: before/after stay true
    before = {name: getattr(workspace, name) for name in changes}
    for name, value in changes.items():
        setattr(workspace, name, list(value) if isinstance(value, tuple) else value)
    after = {name: getattr(workspace, name) for name in changes}
    changed = {name for name in changes if before[name] != after[name]}
    if changed or created:
        workspace.updated_at = now
        session.info.setdefault(CHANGED_FLAG, set()).add(team_id)
        audit.record(session, team_id=team_id, record_type="workspace", record_id=team_id,
                     action="settings.updated", actor=actor, now=now,
                     before={k: before[k] for k in sorted(changed)}, after={k: after[k] for k in sorted(changed)})
    session.add(workspace)
    session.flush()
    return workspace


def as_dict(settings: WorkspaceSettings) -> dict:
    data = asdict(settings)
    data.pop("overridden")
    return data
