"""The pages in a real browser: headless Chromium (Debian's) driven by Playwright, against
``ostbot web`` running as a process over a store with releases in several zones.

Times, the countdown, filters, links, injected markup, the content security policy and
accessibility (axe-core) are checked as a reader's browser sees them; screenshots of the
front page (desktop and phone) are saved under ``test-artifacts/web/``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from tests.web.pages import world
from tests.web.pages.chromium import ARGS, ChromiumMissing, chromium
from tests.web.pages.process import WebProcess, running_web

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "web"
ZONES = ("America/New_York", "Asia/Tokyo")
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def chromium_path() -> str:
    try:
        return chromium()
    except ChromiumMissing as missing:
        pytest.skip(str(missing))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[WebProcess, world.World]]:
    """``ostbot web`` over the world, built from the real clock (the process reads it too)."""
    folder = tmp_path_factory.mktemp("browser")
    store = folder / "ostbot.sqlite3"
    # Beside Playwright's own event loop, which runs in this thread once a browser is up.
    with ThreadPoolExecutor(1) as thread:
        built = thread.submit(asyncio.run, world.build(store, datetime.now(UTC))).result()
    with running_web(store, folder) as web:
        yield web, built


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in a context of its own, in New York."""
    context = browser.new_context(timezone_id=ZONES[0], locale="en-US")
    opened = context.new_page()
    yield opened
    context.close()


def watch(page: Page) -> list[str]:
    """Everything alarming the page does: CSP violations, errors, dialogs (an alert() ran)."""
    seen: list[str] = []
    page.on(
        "console", lambda message: seen.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: seen.append(str(error)))
    page.on("dialog", lambda dialog: (seen.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return seen


def localised(page: Page) -> None:
    """Wait until the script has rewritten the times (it names the reader's zone when done)."""
    page.wait_for_function(
        "document.getElementById('zone-note').textContent.includes('your time zone')"
    )


@pytest.mark.parametrize("zone", ZONES)
def test_times_are_shown_in_the_readers_own_zone(browser, site, zone):
    """The same page in New York and in Tokyo shows each reader the release in their own time."""
    web, built = site
    context = browser.new_context(timezone_id=zone, locale="en-US")
    try:
        page = context.new_page()
        problems = watch(page)
        page.goto(f"{web.url}/")
        localised(page)
        assert built.first.at is not None
        local = built.first.at.astimezone(ZoneInfo(zone))
        shown = page.locator("time[data-local]").first.text_content() or ""
        assert shown.startswith(f"{local:%Y-%m-%d %H:%M} "), shown
        assert not shown.endswith("KST")
        assert page.locator("#zone-note").text_content() == f"Times are in your time zone, {zone}."
        assert problems == []
    finally:
        context.close()


def test_without_the_script_times_read_in_kst(browser, site):
    """With JavaScript off the page still lists the times, in KST, zone named."""
    web, built = site
    context = browser.new_context(timezone_id=ZONES[0], java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{web.url}/")
        assert built.first.at is not None
        kst = built.first.at.astimezone(ZoneInfo("Asia/Seoul"))
        assert page.locator("time[data-local]").first.text_content() == f"{kst:%Y-%m-%d %H:%M} KST"
        assert "Korea Standard Time" in (page.locator("#zone-note").text_content() or "")
    finally:
        context.close()


def seconds_left(text: str) -> int:
    found = re.fullmatch(r"in (?:(\d+)d )?(\d\d):(\d\d):(\d\d)", text)
    assert found, text
    days, hours, minutes, seconds = (int(part or 0) for part in found.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def test_the_countdown_ticks(page, site):
    """The countdown counts down with the page's clock: five seconds later it reads 5 less."""
    web, built = site
    page.clock.install()
    page.goto(f"{web.url}/")
    localised(page)
    counter = page.locator(".countdown").first
    before = seconds_left(counter.text_content() or "")
    assert built.first.at is not None
    assert abs(before - (built.first.at - datetime.now(UTC)).total_seconds()) < 3600
    page.clock.run_for(5000)
    assert seconds_left(counter.text_content() or "") == before - 5


def test_a_filter_link_and_the_filter_form_narrow_the_list(page, site):
    """Clicking an artist shows only their releases; the form filters the same way."""
    web, _ = site
    page.goto(f"{web.url}/")
    page.get_by_role("link", name="Kyuhyun", exact=True).first.click()
    page.wait_for_url(re.compile(r"\?artist=Kyuhyun$"))
    titles = page.locator(".release h3").all_text_contents()
    assert titles == ['Sea of Stars OST Part 2 "Tide"']
    page.get_by_label("Artist").fill("Lauv")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"artist=Lauv"))
    assert page.locator(".release h3").all_text_contents() == ["LA Story OST Part 1"]
    assert page.get_by_label("Artist").input_value() == "Lauv"


def test_following_a_release_link_shows_its_history(page, site):
    """From the list to the release page: its drama, its status and "Postponed from … to …"."""
    web, _ = site
    problems = watch(page)
    page.goto(f"{web.url}/")
    page.get_by_role("link", name='Sea of Stars OST Part 2 "Tide"').click()
    page.wait_for_url(f"{web.url}/dramas/sea-of-stars/part-2")
    localised(page)
    assert page.get_by_role("heading", level=1).text_content() == 'Sea of Stars OST Part 2 "Tide"'
    history = page.locator(".history").text_content() or ""
    assert "Postponed from" in history
    assert problems == []


@pytest.mark.parametrize("path", ["/", "/dramas/evil-markup", "/dramas/evil-markup/part-1"])
def test_injected_markup_stays_text_in_the_browser(page, site, path):
    """<script> and "><img onerror=…> titles render as text: nothing runs, no image appears,
    and the browser reports no blocked inline code (none was there to block)."""
    web, _ = site
    problems = watch(page)
    page.goto(f"{web.url}{path}")
    localised(page)
    assert page.title() != "pwned"
    assert page.locator("img").count() == 0
    assert page.locator("main script, main b").count() == 0
    assert world.SCRIPT_TITLE in (page.locator("main").text_content() or "")
    assert problems == []


@pytest.mark.parametrize(
    "path", ["/", "/dramas/sea-of-stars", "/dramas/sea-of-stars/part-1", "/?skip=1", "/nope"]
)
def test_no_serious_accessibility_problems(page, site, path):
    """axe-core finds no serious or critical violation on the pages, the error pages included."""
    web, _ = site
    page.goto(f"{web.url}{path}")
    localised(page)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert serious == [], results.generate_snapshot()


def test_screenshots_of_the_front_page(browser, site):
    """The front page on a desktop and on a phone screen, saved as test artifacts; on the
    phone nothing is wider than the screen."""
    web, _ = site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, size in (("desktop", (1280, 900)), ("phone", (390, 844))):
        context = browser.new_context(
            timezone_id=ZONES[0], viewport={"width": size[0], "height": size[1]}
        )
        try:
            page = context.new_page()
            page.goto(f"{web.url}/")
            localised(page)
            page.screenshot(path=ARTIFACTS / f"front-{name}.png", full_page=True)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name}: the page is {overflow}px wider than the screen"
        finally:
            context.close()
    assert (ARTIFACTS / "front-phone.png").stat().st_size > 0
