"""What the knowledge base hands others, tested directly on seeded data: the bus factor, the digest's 7.1.6
input, the reminder sweep's items, the workbook's Knowledge sheet, and the Home / `/qms mine` section."""
from __future__ import annotations

from datetime import timedelta

from bot.qms import mine
from bot.qms.inputs import InputGroup, Period
from bot.qms.knowledge import busfactor, digest, export, lifecycle, reminders
from bot.qms.sheets import Window
from models import SlackUser
from models.types import utcnow
from tests.knowledge.seed import TEAM, count_statements, entry

PROCESSES = ("Sales", "Delivery", "Design", "Support")


def seed(session_factory):
    """Delivery: Alice owns 3 of 4 (Bob wrote one of hers); Support: only Dave, who left; Sales: Carol alone;
    Design: nothing written down."""
    ids = [entry(session_factory, "Release steps", process="Delivery", owner="U_ALICE"),
           entry(session_factory, "Hotfix steps", process="Delivery", owner="U_ALICE", author="U_BOB",
                 days_ago=200),
           entry(session_factory, "Rollback", process="Delivery", owner="U_ALICE"),
           entry(session_factory, "Staging", process="Delivery", owner="U_CAROL"),
           entry(session_factory, "Ticket triage", process="Support", owner="U_DAVE"),
           entry(session_factory, "Pricing", process="Sales", owner="U_CAROL", days_ago=30),
           entry(session_factory, "Old pricing", process="Sales", owner="U_BOB")]
    with session_factory.begin() as session:
        session.add(SlackUser(team_id=TEAM, user_id="U_DAVE", name="dave", deleted=True))
        lifecycle.retire(session, team_id=TEAM, record_id=ids[6], actor="U_BOB", is_manager=lambda: True,
                         now=utcnow())
    return ids


def test_the_bus_factor_on_a_seeded_workspace(session_factory):
    seed(session_factory)
    with session_factory() as session:
        found = {p.process: p for p in busfactor.by_process(session, team_id=TEAM, processes=PROCESSES, now=utcnow())}
    assert list(found) == list(PROCESSES)
    delivery = found["Delivery"]
    assert (delivery.entries, delivery.people, delivery.bus_factor) == (4, ("U_ALICE", "U_BOB", "U_CAROL"), 3)
    assert (delivery.overdue, delivery.holders) == (1, ("U_ALICE",))  # Alice owns more than half
    assert (found["Support"].bus_factor, found["Support"].holders) == (0, ("U_DAVE",))  # Dave left
    assert (found["Sales"].entries, found["Sales"].bus_factor) == (1, 1)  # the retired entry does not count
    assert (found["Design"].entries, found["Design"].bus_factor) == (0, 0)


def test_the_digest_input(session_factory):
    ids = seed(session_factory)
    now = utcnow() + timedelta(minutes=1)
    period = Period(now - timedelta(days=7), now, previous=((now - timedelta(days=14), now - timedelta(days=7)),
                                                            (now - timedelta(days=35), now - timedelta(days=28))))
    with session_factory() as session:
        group = digest.review_input(session, team_id=TEAM, period=period, now=now)
    assert group.key == "knowledge" and group.title.startswith("7.1.6")
    figures = {figure.label: figure for figure in group.figures}
    assert figures["Knowledge captured"].value == 5 and figures["Knowledge captured"].trend == (0, 1)
    assert figures["Current entries"].value == 6
    assert figures["Overdue for review"].value == 1 and figures["Orphaned (owner left)"].value == 1
    # The workspace's processes (the defaults here): all but Delivery depend on one head or none.
    assert figures["Processes with bus factor 1 or 0"].value == 5
    lists = {item.heading: [ref.record_id for ref in item.items] for item in group.lists}
    assert lists["Overdue for review"] == [ids[1]]
    assert lists["Orphaned: the owner left the workspace"] == [ids[4]]
    assert lists["Processes that depend on one head (or none)"] == ["Sales", "Design", "Support", "Suppliers",
                                                                    "Other"]
    holders = next(item for item in group.lists if item.heading.startswith("People who hold"))
    assert [(ref.record_id, ref.owner) for ref in holders.items] == [("Delivery", "U_ALICE")]
    assert InputGroup.from_json(group.to_json()) == group  # a management review can freeze it


def test_the_digest_input_is_honest_when_empty(session_factory):
    now = utcnow()
    with session_factory() as session:
        group = digest.review_input(session, team_id=TEAM, period=Period(now - timedelta(days=7), now), now=now)
    assert group.note.startswith("Nothing saved to the knowledge base yet") and "bus factor 0" in group.note
    assert not group.figures and not group.lists  # a quiet week stays one line


def test_reminders_due_are_the_owners_and_never_a_leavers(session_factory):
    ids = seed(session_factory)
    later = utcnow() + timedelta(days=181)
    with session_factory() as session:
        due = reminders.reminders_due(session, team_id=TEAM, now=later)
    assert {(d.person, d.item.record_id) for d in due} == {
        ("U_ALICE", ids[0]), ("U_ALICE", ids[1]), ("U_ALICE", ids[2]), ("U_CAROL", ids[3]), ("U_CAROL", ids[5])}
    assert all(d.kind == "knowledge_review" and d.item.record_type == "kb" for d in due)


def test_the_knowledge_sheet(session_factory):
    ids = seed(session_factory)
    window = Window(TEAM)
    with session_factory() as session:
        assert export.count(session, window) == 7
        rows = list(export.SHEET.rows(session, window))
    headers = [column.header for column in export.SHEET.columns]
    assert headers == ["ID", "Title", "Process", "Tags", "Owner", "Author", "Created", "Last confirmed",
                       "Next review", "Status", "Versions", "Source permalink"]
    assert export.SHEET.name == "Knowledge" and export.SHEET.clause == "7.1.6"
    assert [row[0] for row in rows] == ids and all(len(row) == len(headers) for row in rows)
    assert rows[6][9] == "retired" and rows[1][5] == "U_BOB"
    with session_factory() as session:
        recent = export.count(session, Window(TEAM, since=utcnow() - timedelta(days=1)))
    assert recent == 5


def test_home_and_mine_list_your_entries_due_for_review(session_factory):
    ids = seed(session_factory)
    with session_factory() as session:
        sections = mine.sections(session, team_id=TEAM, user_id="U_ALICE", is_manager=False, now=utcnow())
    due = next(section for section in sections if section.title == "Knowledge due for your review")
    assert [item.record_id for item in due.items] == [ids[1]]


def test_seams_issue_a_fixed_number_of_statements(session_factory):
    seed(session_factory)
    now = utcnow()
    period = Period(now - timedelta(days=7), now + timedelta(minutes=1))

    def statements():
        with session_factory() as session, count_statements(session) as counted:
            digest.review_input(session, team_id=TEAM, period=period, now=now)
            reminders.reminders_due(session, team_id=TEAM, now=now + timedelta(days=400))
        return counted.count

    few = statements()
    for number in range(15):
        entry(session_factory, f"More {number}", owner=f"U_P{number}", days_ago=300)
    assert statements() == few
