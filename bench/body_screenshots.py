"""Screenshots of the story body for docs/screenshots/: the editor inserting a picture, a gallery,
a footnote and a table, and the demo's showcase story as readers see it on a phone and a desktop;
and the desk's home page with the demo's work on it (`desk-home.png`).

    make run                                  # the demo newsroom, in another terminal
    .venv/bin/python manage.py createsuperuser --username shots
    BASE=http://127.0.0.1:8000 USERNAME=shots PASSWORD=… .venv/bin/python bench/body_screenshots.py

Chromium from /usr/bin/chromium (CHROMIUM=…). Nothing is changed: every dialog is cancelled.
"""

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = os.environ.get("BASE", "http://127.0.0.1:8000")
OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SHOWCASE = "how-the-storm-surge-was-measured"


def editor_dialog(page, name, prepare, button_title):
    prepare()
    page.locator(f".prose-menubar button[title='{button_title}']").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.wait_for()
    page.screenshot(path=OUT / f"editor-{name}.png")
    dialog.locator("button[value=cancel]").click()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{BASE}/admin/login/")
        page.fill("#id_username", os.environ["USERNAME"])
        page.fill("#id_password", os.environ["PASSWORD"])
        page.click("input[type=submit]")
        page.wait_for_url(f"{BASE}/admin/")
        page.screenshot(path=OUT / "desk-home.png", full_page=True)
        page.goto(f"{BASE}/admin/articles/article/?q={SHOWCASE.replace('-', '+')}")
        page.locator("#result_list tbody th a", has_text="How the storm surge").first.click()
        page.wait_for_function("() => document.querySelector('[name=body_as_loaded]')?.value")
        editor = page.locator(".ProseMirror[contenteditable=true]")

        def select(selector):
            def pick():
                node = editor.locator(selector).first
                node.scroll_into_view_if_needed()
                node.click()

            return pick

        def cursor_in(selector):
            def place():
                select(selector)()
                page.keyboard.press("End")

            return place

        editor_dialog(page, "picture", select(".body-figure"), "Picture")
        editor_dialog(page, "gallery", select(".body-gallery"), "Gallery")
        editor_dialog(page, "footnote", cursor_in(":scope > p"), "Footnote")
        editor_dialog(page, "table", cursor_in("td"), "Table caption and sections")

        story = page.locator(".field-links a").first.get_attribute("href")
        for name, width, height in (("desktop", 1280, 900), ("phone", 390, 844)):
            reader = browser.new_page(viewport={"width": width, "height": height})
            reader.goto(f"{BASE}{story}")
            for image in reader.locator("img[loading=lazy]").all():  # pictures below the fold too
                image.scroll_into_view_if_needed()
            reader.evaluate("window.scrollTo(0, 0)")
            reader.wait_for_load_state("networkidle")
            reader.screenshot(path=OUT / f"story-body-{name}.png", full_page=True)
            reader.close()
        browser.close()
    print(f"Screenshots in {OUT}")


if __name__ == "__main__":
    main()
