"""Search on both databases: ranking, snippets, prefix, filters, retired entries, hostile queries."""
from __future__ import annotations

import pytest

from bot.qms.knowledge import lifecycle, query, search
from bot.qms.knowledge.rules import QUERY_MAX
from models.types import utcnow
from tests.knowledge.seed import TEAM, count_statements, entry


def find(session_factory, text: str, offset: int = 0) -> list[str]:
    return [hit.entry.record_id for hit in page(session_factory, text, offset).hits]


def page(session_factory, text: str, offset: int = 0) -> search.Page:
    with session_factory() as session:
        return search.search(session, team_id=TEAM, query=query.parse(text), offset=offset)


@pytest.fixture
def library(session_factory):
    ids = {
        "mention": entry(session_factory, "Release checklist", "Before a release, tell the API team and tag it."),
        "title": entry(session_factory, "How the billing API works", "Tokens rotate monthly; the API lives on "
                       "api.example.com and answers JSON.", owner="U_DAVE", process="Support", tags=("api", "billing")),
        "onboarding": entry(session_factory, "Onboarding a new client", "Kick-off call, shared folder, welcome pack.",
                            tags=("clients",)),
        "other_team": entry(session_factory, "The API elsewhere", "API API API", team_id="T_OTHER"),
    }
    return ids


def test_an_exact_title_match_ranks_above_a_passing_mention(session_factory, library):
    assert find(session_factory, "billing api") == [library["title"]]
    assert find(session_factory, "api") == [library["title"], library["mention"]]


def test_snippets_mark_the_matched_words(session_factory, library):
    hit = page(session_factory, "tokens").hits[0]
    assert f"{search.MARK}Tokens{search.UNMARK}" in hit.snippet


def test_the_last_word_is_a_prefix(session_factory, library):
    assert find(session_factory, "onboard") == [library["onboarding"]]
    assert find(session_factory, "welc") == [library["onboarding"]]


def test_filters(session_factory, library):
    assert find(session_factory, "api process:support") == [library["title"]]
    assert find(session_factory, "api tag:billing") == [library["title"]]
    assert find(session_factory, "tag:clients") == [library["onboarding"]]
    assert find(session_factory, "api owner:U_DAVE") == [library["title"]]
    assert find(session_factory, "process:Nowhere") == []


def test_owner_by_name_uses_the_directory(session_factory, library):
    from models import SlackUser
    with session_factory.begin() as session:
        session.add(SlackUser(team_id=TEAM, user_id="U_DAVE", name="dave", real_name="Dave Smith"))
    assert find(session_factory, "owner:@dave") == [library["title"]]
    assert page(session_factory, "owner:@nobody").unknown_owner == "nobody"


def test_retired_entries_only_when_asked(session_factory, library):
    with session_factory.begin() as session:
        lifecycle.retire(session, team_id=TEAM, record_id=library["mention"], actor="U_ALICE",
                         is_manager=lambda: False, now=utcnow())
    assert find(session_factory, "api") == [library["title"]]
    assert find(session_factory, "api status:retired") == [library["mention"]]
    assert set(find(session_factory, "api status:all")) == {library["title"], library["mention"]}


# Each is searched as its words alone: the punctuation is never search syntax.
HOSTILE = {'"': None, '"api': "api", "api*": "api", "*": None, "NEAR(api billing)": "near api billing",
           "api NEAR/2 billing": "api near 2 billing", "-api": "api", "api -billing": "api billing", "(api": "api",
           "api)": "api", "') OR 1=1 --": "1 1", "O'Brien's \"api\"": "o brien api", "api AND OR NOT": "api",
           "^api": "api", "title:api": "title api", "{api}": "api", "a:b:c": "a b c", "%": None, "_": None, "\\": None,
           "api\x00": "api"}


@pytest.mark.parametrize("hostile", list(HOSTILE))
def test_hostile_queries_never_error(session_factory, library, hostile):
    words = HOSTILE[hostile]
    assert " ".join(query.parse(hostile).words) == " ".join(query.parse(words or "").words)
    found = find(session_factory, hostile)
    if words == "api":
        assert found == [library["title"], library["mention"]]
    if words is None:  # nothing to search for: the newest entries, as for an empty query
        assert found == find(session_factory, "")


def test_only_stop_words_or_nothing_lists_newest(session_factory, library):
    assert find(session_factory, "") == [library["onboarding"], library["title"], library["mention"]]
    parsed = query.parse("how to the")
    assert parsed.words == () and parsed.dropped == ("how", "to", "the")


def test_a_long_query_is_refused_clearly():
    with pytest.raises(query.QueryTooLong) as raised:
        query.parse("x" * 5000)
    assert raised.value.length == 5000 > QUERY_MAX


def test_pages(session_factory):
    ids = [entry(session_factory, f"Deploy note {n}", "deploy steps") for n in range(12)]
    first, second, third = (page(session_factory, "deploy", offset) for offset in (0, 5, 10))
    assert first.more and second.more and not third.more
    seen = [hit.entry.record_id for p in (first, second, third) for hit in p.hits]
    assert sorted(seen) == sorted(ids)


def test_statements_do_not_grow_with_entries(session_factory):
    for n in range(3):
        entry(session_factory, f"Backup {n}", "backup restore")
    with session_factory() as session, count_statements(session) as few:
        search.search(session, team_id=TEAM, query=query.parse("backup"))
    for n in range(20):
        entry(session_factory, f"Backup more {n}", "backup restore")
    with session_factory() as session, count_statements(session) as many:
        search.search(session, team_id=TEAM, query=query.parse("backup"))
    # two pools (PostgreSQL: up to two statements each), the entries, headlines; with enough title matches
    # to fill the page, the second pool is not asked at all
    assert many.count < few.count <= 6
