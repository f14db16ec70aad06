"""Take docs/screenshot.png: the chat window over the sample article, in use.

Run from the repository root: `.venv/bin/python docs/screenshot.py` (needs Debian's chromium).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = (
    "Who greeted Xi Jinping when he arrived in Moscow?",
    "What did John Kirby say a ceasefire would do?",
)


def main() -> None:
    """Ingest the sample into a temporary index, ask two questions, open a source, shoot."""
    from playwright.sync_api import sync_playwright
    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    from assistant.pipeline import Engine
    from assistant.settings import get_settings
    from tests.conftest import SAMPLE, launch_window

    with tempfile.TemporaryDirectory() as tmp:
        settings = get_settings(data_dir=Path(tmp) / "index")
        Engine(settings.index, create=True).ingest([SAMPLE])
        demo, url = launch_window(settings)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1360, "height": 820})
            page.goto(url)
            for n, question in enumerate(QUESTIONS, start=1):
                page.fill("#nd-question textarea", question)
                page.keyboard.press("Enter")
                page.wait_for_selector(f"#nd-chat [data-testid='bot'] >> nth={n - 1}")
                page.wait_for_selector("#nd-sources .nd-card")
            page.wait_for_timeout(500)
            page.locator("#nd-chat a[href^='#nd-source-']").last.click()
            page.wait_for_timeout(800)
            page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
            browser.close()
        demo.close()


if __name__ == "__main__":
    main()
