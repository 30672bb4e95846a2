"""The house rules (design.md, ARCHITECTURE.md), checked on the source tree.

- bot/qms is the QMS itself: no Slack, Block Kit, messages, outbox or handlers code.
- bot/blocks builds dicts: no Slack client, no database, no outbox, no handlers.
- Only bot/app.py imports handlers; only bot/messages (and the outbox itself) queues Slack messages.
- No import cycles between product modules; no module over 250 lines outside migrations.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("bot", "handlers", "models")
MAX_LINES = 250
# Modules still over the limit, each with the work that splits it (empty when that work is done).
OVERSIZE: dict[str, str] = {}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def product_files() -> list[Path]:
    return sorted(p for top in PRODUCT for p in (ROOT / top).rglob("*.py"))


def imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else ast.walk(tree)
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return names


def offending(path: Path, forbidden: tuple[str, ...]) -> set[str]:
    return {name for name in imports(path) for root in forbidden if name == root or name.startswith(root + ".")}


def under(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", under("bot/qms"), ids=lambda p: str(p.relative_to(ROOT)))
def test_qms_is_slack_free(path):
    bad = offending(path, ("slack_sdk", "slack_bolt", "handlers", "bot.blocks", "bot.messages", "bot.outbox",
                           "bot.slack", "bot.app", "bot.sandbox", "bot.web", "bot.config"))
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("path", under("bot/blocks"), ids=lambda p: str(p.relative_to(ROOT)))
def test_blocks_are_pure(path):
    bad = offending(path, ("slack_sdk", "slack_bolt", "sqlalchemy", "handlers", "bot.messages", "bot.outbox",
                           "bot.slack", "bot.db", "bot.config", "bot.app"))
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_only_the_app_imports_handlers_and_only_messages_queue_slack_messages():
    for path in product_files():
        name = module_name(path)
        if not name.startswith("handlers") and name != "bot.app":
            assert not offending(path, ("handlers",)), f"{name} imports handlers"
        if not name.startswith(("bot.messages", "bot.outbox")):
            assert not offending(path, ("bot.outbox.queue.enqueue",)), f"{name} queues Slack messages itself"


def test_no_import_cycles():
    known = {module_name(p): p for p in product_files()}
    def depends_on(path: Path) -> set[str]:
        found = {i for i in imports(path, top_level_only=True) if i in known}
        # `from package import module` depends on the module, not on what the package's __init__ imports
        return {i for i in found if not any(other.startswith(i + ".") for other in found)}

    graph = {name: depends_on(path) - {name} for name, path in known.items()}
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for dependency in sorted(graph[name]):
            if state.get(dependency) == 1:
                pytest.fail("import cycle: " + " -> ".join(trail[trail.index(dependency):] + [dependency]))
            if dependency not in state:
                visit(dependency, [*trail, dependency])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_modules_stay_small():
    files = [p for top in (*PRODUCT, "tests", "bench") for p in (ROOT / top).rglob("*.py")]
    big = {str(p.relative_to(ROOT)): len(p.read_text().splitlines()) for p in files}
    over = {path: lines for path, lines in big.items() if lines > MAX_LINES and path not in OVERSIZE}
    assert not over, f"modules over {MAX_LINES} lines: {over}"
    assert all(path in big for path in OVERSIZE), "a module in OVERSIZE no longer exists: remove it"
