"""Browser tests: Debian's Chromium driven by Playwright, against pytest-django's live server.

Run with `make browser-test` (it installs the `chromium` package when missing); nothing is
downloaded at test time. Screenshots go to the folder named by BROWSER_SCREENSHOTS
(default: bench/results/screenshots).
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an event loop in this thread; Django's guard against database calls
# from async code would refuse the test's own setup. Nothing here is async in fact.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling out, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(
    os.environ.get("BROWSER_SCREENSHOTS", Path(__file__).resolve().parents[1] / "bench/results/screenshots")
)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Console:
    """What the page said on its console; CSP refusals are among the errors."""

    def __init__(self, page):
        self.messages = []
        page.on("console", lambda message: self.messages.append((message.type, message.text)))
        page.on("pageerror", lambda error: self.messages.append(("pageerror", str(error))))

    @property
    def csp_violations(self):
        return [text for _kind, text in self.messages if "Content Security Policy" in text]

    @property
    def errors(self):
        return [text for kind, text in self.messages if kind in ("error", "pageerror")]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.console = Console(page)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=False)

    return take


@pytest.fixture
def screenshot_to():
    """Screenshot any page (a journey opens its own contexts) into the suite's folder."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name, full_page=False):
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=full_page)

    return take
