"""A running `trellis sandbox` (on the test's database) and a headless Chromium to drive its page.

The browser is Debian's chromium (`.ci/run` installs it): Playwright never downloads one.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.outbox import copies
from bot.outbox.queue import Copy
from bot.sandbox import workspace as ws
from models import Nonconformance

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str | None:
    return os.environ.get("TRELLIS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def site(db_url):
    """The sandbox on a free port, on this test's database (SQLite or PostgreSQL)."""
    from bot.sandbox.serve import start

    served = start(port=0, db=db_url)
    yield served
    served.stop()


@pytest.fixture(scope="session")
def browser():
    executable = chromium()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is not installed (.ci/run installs it)")
        pytest.skip("no chromium on this machine: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="trellis-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 900})
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


class SlackPage:
    """The sandbox's page as a person uses it; every method waits for what the page shows."""

    def __init__(self, page, site):
        self.page, self.site = page, site
        self.sessions = site.sandbox.runtime.session_factory

    def open(self, user: str = "U_ALICE") -> SlackPage:
        self.page.goto(self.site.url)
        self.page.wait_for_selector("#who option", state="attached")
        self.be(user)
        return self

    def be(self, user: str) -> None:
        self.page.select_option("#who", user)
        self.page.wait_for_function(f"document.querySelector('#who').value === '{user}'")

    def channel(self, name: str) -> None:
        self.page.click(f"#channels button:has-text('# {name}')")
        self.page.wait_for_selector(f"#conv-title:text-is('#{name}')")

    def send(self, text: str) -> None:
        self.page.fill("#composer-text", text)
        self.page.press("#composer-text", "Enter")

    def modal(self, title: str):
        self.page.wait_for_selector(f"#modal-layer:not([hidden]) #modal-title:text-is('{title}')")
        return self.page.locator("#modal")

    def submit(self) -> None:
        self.page.click("#modal-submit")

    def modal_closed(self) -> None:
        self.page.wait_for_selector("#modal-layer", state="hidden")

    def message(self, text: str):
        found = self.page.locator("#messages .message", has_text=text).last
        found.wait_for()
        return found

    def app_messages(self) -> None:
        """Open Trellis's App Home (it opens on its Home tab), then its Messages tab: the DM with Trellis."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        tab = self.page.locator("#tabs button[data-tab='messages']")
        for _ in range(3):  # a click that lands while the page redraws (a live update) is lost: click again
            self.page.click("#apps button:has-text('Trellis')")
            try:
                tab.wait_for(state="visible", timeout=5_000)
                break
            except PlaywrightTimeout:
                continue
        tab.click()

    def notice(self, text: str) -> None:
        self.page.wait_for_selector(f"#notice:not([hidden]):has-text('{text}')")

    def today(self) -> date:
        """The day on the sandbox's clock, in the workspace's timezone."""
        return self.site.sandbox.clock().astimezone(ZoneInfo(ws.TIMEZONE)).date()

    def nc(self, record_id: str) -> Nonconformance:
        with self.sessions() as session:
            return session.scalars(select(Nonconformance).where(Nonconformance.record_id == record_id)).one()

    def ncs(self) -> list[Nonconformance]:
        with self.sessions() as session:
            return list(session.scalars(select(Nonconformance)))

    def card_ts(self, record_type: str, record_id: str) -> str:
        with self.sessions() as session:
            return copies.find(session, team_id=self.site.sandbox.fake.team_id, copy=Copy(record_type, record_id)).ts


@pytest.fixture
def slack_page(browser, site):
    page = browser.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield SlackPage(page, site)
    page.close()
    assert errors == [], errors  # the page's script never failed
