"""The pure pieces: safe cell text, links, the audit trail's readable change, the Summary's period."""
from datetime import UTC, datetime

from bot.qms.audit.export import change
from bot.qms.export.cells import EXCEL_MAX_TEXT, clean, looks_like_formula, web_link
from bot.qms.export.summary import period
from bot.qms.sheets import Window


def test_clean_removes_what_excel_rejects_and_keeps_the_rest():
    assert clean("tab\tnew\nline\x00\x07\x1b\x0b end é ✓") == "tab\tnew\nline end é ✓"
    long = clean("x" * (EXCEL_MAX_TEXT + 10))
    assert len(long) <= EXCEL_MAX_TEXT and long.endswith("more characters)") and "cut: 70" in long


def test_formula_starts_and_web_links():
    assert all(looks_like_formula(text) for text in ("=1+1", "+1", "-1", "@SUM(A1)"))
    assert not looks_like_formula("NC-1 = broken")
    assert web_link("https://x.example/a") == "https://x.example/a"
    assert web_link("javascript:alert(1)") is None and web_link("file:///etc/passwd") is None
    assert web_link("https://x.example/\x07") is None and web_link(None) is None


def test_change_reads_as_fields_before_and_after():
    assert change({"status": "open", "owner": None}, {"status": "investigating", "owner": "U1"}) == (
        "status: open → investigating\nowner: (empty) → U1")
    assert change(None, {"title": "Broken jig", "customer": None, "whys": ["a", "b"]}) == (
        "title: Broken jig\nwhys: a, b")  # a new record lists what it was given
    assert change({"text": "old"}, {"deleted_at": "2026-01-01"}) == "text: old → (removed)\ndeleted_at: 2026-01-01"
    assert change({"nested": {"a": 1}}, None) == 'nested: {"a": 1} → (removed)'
    assert change(["a"], ["b"]) == "a → b" and change(None, None) is None


def test_period_says_both_ends_in_utc_days():
    window = Window("T1", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    assert period(window) == "2026-01-01 to 2026-03-31 (UTC)"
    assert period(Window("T1")) == "the first record to now (UTC)"
