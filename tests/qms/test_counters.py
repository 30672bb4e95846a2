import threading

from bot.qms.counters import next_id, parse_id


def test_ids_are_sequential_per_workspace_and_kind(session_factory):
    with session_factory.begin() as session:
        ids = [next_id(session, team_id="T1", kind="nc") for _ in range(3)]
        ids.append(next_id(session, team_id="T2", kind="nc"))
        ids.append(next_id(session, team_id="T1", kind="approval"))
    assert ids == ["NC-1", "NC-2", "NC-3", "NC-1", "APR-1"]


def test_a_rolled_back_transaction_gives_its_number_back(session_factory):
    session = session_factory()
    session.begin()
    next_id(session, team_id="T1", kind="nc")
    session.rollback()
    session.close()
    with session_factory.begin() as session:
        assert next_id(session, team_id="T1", kind="nc") == "NC-1"


def test_concurrent_allocation_never_repeats_an_id(session_factory):
    taken, errors, start = [], [], threading.Barrier(8)

    def worker():
        start.wait()
        try:
            for _ in range(15):
                with session_factory.begin() as session:
                    taken.append(next_id(session, team_id="T1", kind="nc"))
        except Exception as exc:  # surfaced below with the others
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(taken, key=lambda i: int(i[3:])) == [f"NC-{n}" for n in range(1, 121)]


def test_parse_id():
    assert parse_id(" nc-12 ") == ("nc", 12)
    assert parse_id("APR-3") == ("approval", 3)
    assert parse_id("NC-x") is None and parse_id("hello") is None
