"""The README's pictures of `soundbite serve`, taken from the running server in headless Chromium.

    python docs/screenshots.py            # the bundled seeds, indexed into a temporary folder

Writes docs/screenshots/search.png (a search with its hits, counts and the
trend) and docs/screenshots/transcript.png (a transcript opened at a hit).
Needs Playwright and the system's Chromium, as the browser tests do.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.engine.storage.writer import index_paths  # noqa: E402
from indexer.web.archive import Archive  # noqa: E402
from indexer.web.server import make_server, serve_in_thread  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or sys.exit("no chromium on this machine")
    with tempfile.TemporaryDirectory() as folder:
        index_dir = Path(folder) / "index"
        index_paths(index_dir, [str(ROOT / "seeds")])
        server = make_server(Archive(index_dir), "127.0.0.1", 0)
        serve_in_thread(server)
        base = server.url().rstrip("/")
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1100, "height": 760})
            page.goto(base + "/search?q=Putin")
            page.screenshot(path=str(OUT / "search.png"))
            page.click(".hit .title")
            page.wait_for_selector(".passage.marked")
            page.screenshot(path=str(OUT / "transcript.png"))
            browser.close()
        server.shutdown()
    print(f"wrote {OUT / 'search.png'} and {OUT / 'transcript.png'}")


if __name__ == "__main__":
    main()
