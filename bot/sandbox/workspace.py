"""The sandbox's seeded workspace: a small service company, its people and their roles, its channels
(one shared with a client, Slack Connect style) and who is in which."""
from __future__ import annotations

from dataclasses import dataclass

TEAM_ID = "T_NORTHWIND"
TEAM_NAME = "Northwind Studio"
CLIENT_TEAM = "T_ACME"
BOT_USER, BOT_ID = "U_TRELLIS", "B_TRELLIS"
TIMEZONE = "Europe/London"
QUALITY, REVIEW, GENERAL, CLIENT = "C_QUALITY", "C_REVIEW", "C_GENERAL", "C_ACME"


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str            # display name
    real_name: str
    role: str            # what the "who you are" menu says
    manager: bool = False
    admin: bool = False
    client: bool = False  # from the client's own organisation, only in the shared channel
    tz: str = TIMEZONE


PEOPLE = (
    Person("U_ALICE", "alice", "Alice Moreno", "Designer · staff"),
    Person("U_MARTA", "marta", "Marta Silva", "Quality manager · manager", manager=True),
    Person("U_DEV", "dev", "Dev Patel", "Operations manager · manager", manager=True, tz="Europe/Berlin"),
    Person("U_RUTH", "ruth", "Ruth Okafor", "Workspace admin", admin=True),
    Person("U_CHRIS", "chris", "Chris Wong (Acme)", "Client at Acme · shared channel", client=True,
           tz="America/New_York"),
)
STAFF = tuple(p.user_id for p in PEOPLE if not p.client)
MANAGERS = tuple(p.user_id for p in PEOPLE if p.manager)

# channel id -> (name, members, topic); Trellis is in each
CHANNELS = {
    GENERAL: ("general", STAFF, "Company-wide news"),
    QUALITY: ("quality", STAFF, "Nonconformances and approvals: Trellis posts every record here"),
    REVIEW: ("management-review", (*MANAGERS, "U_RUTH"), "The weekly digest: our management review"),
    CLIENT: ("acme-shared", ("U_ALICE", "U_MARTA", "U_CHRIS"), "Shared with Acme Corp (Slack Connect)"),
}


def person(user_id: str) -> Person | None:
    return next((p for p in PEOPLE if p.user_id == user_id), None)


def fake_people() -> dict[str, dict]:
    """FakeSlack's `people`: add_user arguments."""
    return {p.user_id: {"name": p.name, "real_name": p.real_name, "is_admin": p.admin, "tz": p.tz,
                        "title": p.role, **({"team_id": CLIENT_TEAM} if p.client else {})} for p in PEOPLE}


def fake_channels() -> dict[str, dict]:
    """FakeSlack's `channels`: add_channel arguments."""
    return {channel_id: {"name": name, "is_ext_shared": channel_id == CLIENT}
            for channel_id, (name, _members, _topic) in CHANNELS.items()}


def channels_of(user_id: str) -> list[str]:
    return [channel_id for channel_id, (_name, members, _topic) in CHANNELS.items() if user_id in members]


def may_see(user_id: str, channel_id: str) -> bool:
    """A channel they are in, or their own DM with Trellis (people from the client have none)."""
    found = person(user_id)
    if found is None:
        return False
    if channel_id == "D" + user_id:
        return not found.client
    return channel_id in channels_of(user_id)
