"""The house rule design.md states: bot/qms is the QMS itself and never imports Slack code."""
import ast
from pathlib import Path

import pytest

QMS = Path(__file__).resolve().parents[2] / "bot" / "qms"
FORBIDDEN = ("slack_sdk", "slack_bolt", "handlers", "bot.blocks", "bot.slack", "bot.app")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return names


@pytest.mark.parametrize("path", sorted(QMS.glob("*.py")), ids=lambda path: path.name)
def test_qms_is_slack_free(path):
    bad = {name for name in imported(path) for root in FORBIDDEN if name == root or name.startswith(root + ".")}
    assert not bad, f"{path.name} imports {sorted(bad)}"
