"""How fast is `/qms kb <query>` over 100k entries of realistic length, next to the `LIKE '%word%'` scan
simple Slack archive bots do, over the same table, measured in the same run (interleaved rounds)?

Four kinds of query: a common word (in about a third of the entries), a rare word (a handful), a prefix
(the last word half typed) and a filter (`tag:` plus a word). Each runs bot.qms.knowledge.search (the
ranked page of five with snippets, as the command answers) and the scan that returns the same page size.

    python bench/kb.py [--scale 1.0] [--rounds 30] [--database-url URL] [--postgres URL] [--no-seed]

`--scale 0.01` seeds 1,000 entries (a quick proof it works); without `--database-url` a temporary
SQLite file is used; `--postgres` runs the same on a PostgreSQL database too (its tables are replaced).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text  # noqa: E402

from bench.load import percentiles  # noqa: E402
from bot import migrate  # noqa: E402
from bot.db import make_engine, make_session_factory  # noqa: E402
from bot.qms.knowledge import query, search  # noqa: E402
from models import KnowledgeEntry, KnowledgeTag  # noqa: E402

TEAM = "T111"
ENTRIES = 100_000
COMMON, RARE = "deploy", "kubeletz"
VOCABULARY = ("client invoice server backup restore password vpn release staging production ticket customer "
              "contract onboarding offboarding laptop printer network firewall certificate renewal domain email "
              "calendar meeting budget quote proposal supplier delivery drawing revision approval checklist "
              "template folder access account billing refund warranty incident outage monitoring alert database "
              "migration schema report export audit training induction policy procedure handover rota holiday "
              "payroll expense receipt travel booking").split()
FILLER = "the a to of and in for on with we our it is that this then when you can should must".split()
QUERIES = {"common word": COMMON, "rare word": RARE, "prefix": "onboar", "filter": f"tag:ops {COMMON}"}
TAGS = ("ops", "api", "finance", "sales", "it", "hr")
PROCESSES = ("Sales", "Delivery", "Design", "Support", "Suppliers", "Other")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(VOCABULARY) if rng.random() < 0.45 else rng.choice(FILLER) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def entry(rng: random.Random, number: int, start: datetime) -> dict:
    body = " ".join(sentence(rng) for _ in range(rng.randint(4, 12)))  # ~50-200 words, like a Slack explanation
    if number % 3 == 0:
        body += f" Then {COMMON} it."
    if number % (ENTRIES // 10) == 7:
        body += f" Check the {RARE} logs."
    title = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(3, 7))).capitalize()
    when = start + timedelta(minutes=number)
    return {"team_id": TEAM, "record_id": f"KB-{number}", "title": title, "body": body,
            "process": PROCESSES[number % 6], "tags": [TAGS[number % 6]], "owner": f"U_P{number % 40}",
            "author": f"U_P{number % 40}",
            "saver": f"U_P{number % 40}", "status": "retired" if number % 20 == 0 else "current", "version": 1,
            "review_days": 180, "confirmed_at": when, "next_review_at": when + timedelta(days=180),
            "created_at": when, "updated_at": when, "thread_left_out": 0, "source_private": False,
            "source_shown": False}


def seed(url: str, entries: int) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    rng, start = random.Random(13), datetime.now(UTC) - timedelta(days=400)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM knowledge_tag"))
        connection.execute(text("DELETE FROM knowledge_version"))
        connection.execute(text("DELETE FROM knowledge_entry"))
    began = time.perf_counter()
    for first in range(1, entries + 1, 2000):
        rows = [entry(rng, number, start) for number in range(first, min(entries + 1, first + 2000))]
        with engine.begin() as connection:
            ids = connection.execute(insert(KnowledgeEntry).returning(KnowledgeEntry.id), rows).scalars().all()
            connection.execute(insert(KnowledgeTag), [{"entry_id": id_, "tag": row["tags"][0], "team_id": TEAM}
                                                      for id_, row in zip(ids, rows, strict=True)])
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    print(f"  seeded {entries:,} entries in {time.perf_counter() - began:.0f} s")
    engine.dispose()


def like(session, words: tuple[str, ...], tag: str | None, *, scan: bool) -> list:
    """What an archive bot does: every row's text tested with LIKE '%word%'. `scan`: all of them (to count the
    matches, or rank them); otherwise the newest six, which stops at the sixth match (cheap for a common word,
    a full scan for a rare one)."""
    conditions = " AND ".join(f"(lower(e.title) LIKE :w{n} OR lower(e.body) LIKE :w{n})" for n in range(len(words)))
    params = {f"w{n}": f"%{word}%" for n, word in enumerate(words)} | {"team_id": TEAM, "tag": tag}
    tagged = " AND EXISTS (SELECT 1 FROM knowledge_tag t WHERE t.entry_id = e.id AND t.tag = :tag)" if tag else ""
    what, tail = ("count(*)", "") if scan else ("e.id", " ORDER BY e.created_at DESC LIMIT 6")
    return list(session.scalars(text(f"SELECT {what} FROM knowledge_entry e WHERE e.team_id = :team_id AND "
                                     f"e.status = 'current' AND {conditions}{tagged}{tail}"), params))


WAYS = ("search", "like scan", "like newest 6")


def measure(url: str, rounds: int) -> dict:
    sessions = make_session_factory(make_engine(url))
    times: dict[tuple[str, str], list[float]] = {}
    found: dict[str, int] = {}
    for round_ in range(rounds + 1):  # the first round only warms up: the pool's connection, caches, plans
        for name, typed in QUERIES.items():  # interleaved: every way meets the same cache and load
            parsed = query.parse(typed)
            with sessions() as session:
                for way in WAYS:
                    began = time.perf_counter()
                    if way == "search":
                        found[name] = len(search.search(session, team_id=TEAM, query=parsed).hits)
                    else:
                        like(session, parsed.words, parsed.tag, scan=way == "like scan")
                    if round_:
                        times.setdefault((name, way), []).append(time.perf_counter() - began)
    results = {}
    for name in QUERIES:
        fast, scan, first = (percentiles(times[(name, way)]) for way in WAYS)
        ratio = statistics.median(times[(name, "like scan")]) / statistics.median(times[(name, "search")])
        results[name] = (fast, scan, ratio)
        print(f"  {name:<12} search p50 {fast['p50']:7.2f} p99 {fast['p99']:7.2f} ms | LIKE scan p50 "
              f"{scan['p50']:8.2f} p99 {scan['p99']:8.2f} ms | {ratio:6.1f}x | LIKE newest 6 p50 "
              f"{first['p50']:7.2f} p99 {first['p99']:7.2f} ms  ({found[name]} shown)")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 100k entries to seed")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--database-url")
    parser.add_argument("--postgres", help="also run on this PostgreSQL database (its tables are replaced)")
    parser.add_argument("--no-seed", action="store_true", help="measure the entries an earlier run left")
    args = parser.parse_args()
    entries = max(100, int(ENTRIES * args.scale))
    urls = [args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='trellis-kb-')}/bench.db"]
    if args.postgres:
        urls.append(args.postgres)
    worst = []
    for url in urls:
        print(f"{url.split(':', 1)[0]}: {entries:,} entries, {args.rounds} rounds")
        if not args.no_seed:
            seed(url, entries)
        results = measure(url, args.rounds)
        worst += [(fast["p99"], ratio) for fast, _slow, ratio in results.values()]
    p99, ratio = max(p for p, _ in worst), min(r for _, r in worst)
    print(f"worst p99 {p99:.1f} ms (target < 50), smallest ratio {ratio:.1f}x (target >= 20x)")


if __name__ == "__main__":
    main()
