"""`soundbite serve` in a real browser: headless Chromium from the system's packages, driven by Playwright.

A reader types a query and sees the hits marked; follows a hit to its
transcript and finds the passage in view and the player at the hit's second;
filters through the control and by following a count; loads a shared URL; and
a transcript holding `<script>` and `<img onerror>` runs nothing. Skipped,
with the reason, where no Chromium or no Playwright is installed (`.ci/run`
installs both; SOUNDBITE_REQUIRE_BROWSER=1 makes their absence a failure).
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.request

import pytest
from test_serve import served_index  # noqa: F401  (the fixture: seeds, news video, markup, captions and a WAV)

from indexer.web.archive import Archive
from indexer.web.server import make_server, serve_in_thread

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium as root in a container, with no network beyond the machine (see the machine's notes).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if CHROMIUM is None:
        return "no Chromium on this machine (apt-get install chromium)"
    return None


if _missing() and os.environ.get("SOUNDBITE_REQUIRE_BROWSER"):
    raise RuntimeError(f"SOUNDBITE_REQUIRE_BROWSER is set: {_missing()}")
pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


@pytest.fixture(scope="module")
def base(served_index):  # noqa: F811
    running = make_server(Archive(served_index), "127.0.0.1", 0)
    serve_in_thread(running)
    yield running.url().rstrip("/")
    running.shutdown()
    running.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 700})
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs
    yield opened
    context.close()


def api(base: str, path: str):
    with urllib.request.urlopen(base + path, timeout=30) as answer:
        return json.loads(answer.read())


def test_typing_a_query_shows_the_hits_with_their_words_marked(base, page):
    page.goto(base + "/")
    page.fill("#q", "Putin")
    page.press("#q", "Enter")
    page.wait_for_selector(".hit")
    expected = api(base, "/api/search?q=Putin")
    assert page.locator(".hit").count() == expected["total"] == 5
    assert set(page.locator(".hit mark").all_inner_texts()) == {"Putin"}
    first = page.locator(".hit").first
    assert expected["hits"][0]["speaker"] in first.inner_text()
    assert page.locator(".summary").inner_text().startswith("5 passages in 1 transcript")


def test_a_hit_leads_to_its_passage_in_view_and_the_player_at_its_second(base, page):
    hit = api(base, "/api/search?q=tariffs&transcript=harbour*")["hits"][0]
    page.goto(base + "/search?q=tariffs&transcript=harbour*")
    page.click(".hit .title")
    page.wait_for_selector("#player[data-ready=true]")
    marked = page.locator(".passage.marked")
    assert marked.count() == 1 and "Fishermen said the tariffs would hurt." in marked.inner_text()
    box, height = marked.bounding_box(), page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] < height  # scrolled into view
    current = page.evaluate("document.getElementById('player').currentTime")
    assert current == pytest.approx(hit["at"], abs=0.05)
    # Any time in the transcript plays from there.
    page.click('a[data-seek="0.5"]')
    assert page.evaluate("document.getElementById('player').currentTime") == pytest.approx(0.5, abs=0.05)


def test_filtering_by_the_speaker_control_and_by_following_a_count(base, page):
    page.goto(base + "/search?q=the")
    page.click("details.filters summary")
    page.fill("input[name=speaker]", "Nathan King")
    page.press("input[name=speaker]", "Enter")
    page.wait_for_url("**speaker=Nathan+King**")
    shown = page.locator(".hit .who b").all_inner_texts()
    assert shown and set(shown) == {"Nathan King"}
    page.goto(base + "/search?q=the")
    count = page.locator('.counts[data-field="network"] li').first
    network, passages = count.locator("a").inner_text(), int(count.locator(".n").inner_text().replace(",", ""))
    count.locator("a").click()
    page.wait_for_url("**network=**")
    assert api(base, "/api/search?q=the&network=" + urllib.request.quote(network))["total"] == passages
    assert page.locator(".summary").inner_text().startswith(f"{passages:,} passage")


def test_a_shared_url_gives_the_same_page(base, page):
    url = base + "/search?q=Putin&speaker=trump"
    page.goto(url)
    first = page.locator(".hit").all_inner_texts()
    other = page.context.new_page()
    other.goto(url)
    assert other.locator(".hit").all_inner_texts() == first and first
    assert other.input_value("#q") == "Putin" and other.input_value("input[name=speaker]") == "trump"


def test_slash_puts_the_cursor_in_the_box(base, page):
    page.goto(base + "/search?q=Putin")
    page.click(".summary")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"


def test_a_transcript_holding_markup_runs_nothing(base, page):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + "/search?q=tariffs")
    title = page.locator(".hit .title", has_text="Tariffs").first
    assert "<script>alert('title')</script>" in title.inner_text()
    title.click()
    page.wait_for_selector("h1")
    assert "<img src=x onerror=alert('img')>" in page.locator("h1").inner_text()
    assert page.locator("img").count() == 0 and page.locator("script").count() == 1  # only the page's own
    assert page.dialogs == [] and errors == []


def test_context_opens_on_demand(base, page):
    page.goto(base + "/search?q=KGB")
    page.click(".hit details.context summary")
    page.wait_for_selector(".context-passages p")
    expected = api(base, "/api/show?transcript=cgtn-trump-putin-helsinki-summit")
    number = api(base, "/api/search?q=KGB")["hits"][0]["passage"]
    around = [row["text"] for row in expected if abs(row["passage"] - number) == 1]
    shown = page.locator(".context-passages p").all_inner_texts()
    assert [text.split(" ", 2)[-1] for text in shown] != [] and all(any(t in s for s in shown) for t in around)
