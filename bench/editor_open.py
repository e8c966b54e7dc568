"""How long the visual editor takes to open a long story: 10,000 words and 50 pictures in the text.

    .venv/bin/python bench/editor_open.py            # Chromium at /usr/bin/chromium (CHROMIUM=…)

A scratch SQLite database (a temporary folder, removed afterwards) gets 50 library pictures and
one story of 200 paragraphs of 50 words with a picture after every fourth; Django's test server
serves the admin. Chromium signs in and opens the story's change page five times; for each, the
time from the request until the editor holds the story (the moment js/body_editor_form.js
records what it loaded) and until every picture's thumbnail has arrived. Medians are printed.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

RUNS = 5
PARAGRAPHS, WORDS, PICTURES = 200, 50, 50
WORDS_POOL = [
    "tide",
    "harbour",
    "gauge",
    "surge",
    "mole",
    "quay",
    "ferry",
    "crane",
    "lantern",
    "net",
    "loft",
    "pier",
    "storm",
    "record",
    "keeper",
]


def main():
    folder = tempfile.mkdtemp(prefix="newsroom-editor-bench-")
    os.environ.setdefault("MEDIA_ROOT", folder)
    from scratch import scratch_django

    settings = scratch_django(f"sqlite:///{folder}/bench.sqlite3")
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    from django.contrib.auth.models import User
    from django.core.files.base import ContentFile
    from django.test.testcases import LiveServerThread, _StaticFilesHandler
    from PIL import Image as PILImage
    from playwright.sync_api import sync_playwright

    from articles.models import Article, Image, Section

    pictures = []
    for number in range(PICTURES):
        data = io.BytesIO()
        PILImage.new("RGB", (1200, 800), (number * 5 % 255, 90, 150)).save(data, "JPEG")
        image = Image(title=f"bench-{number}", alt_text=f"Picture {number}", caption=f"Caption {number}")
        image.file.save(f"bench-{number}.jpg", ContentFile(data.getvalue()), save=False)
        image.save()
        pictures.append(image)
    paragraphs = []
    for number in range(PARAGRAPHS):
        words = [WORDS_POOL[(number * 7 + i) % len(WORDS_POOL)] for i in range(WORDS)]
        paragraphs.append(f"<p>{' '.join(words).capitalize()}.</p>")
        if number % 4 == 3 and (number // 4) < PICTURES:
            picture = pictures[number // 4]
            paragraphs.append(
                f'<figure data-image="{picture.pk}" data-size="column"><figcaption>Caption {number}</figcaption></figure>'
            )
    section = Section.objects.create(name="Bench", slug="bench")
    story = Article.objects.create(
        headline="A long story", slug="a-long-story", section=section, body="".join(paragraphs)
    )
    print(f"Story: {story.word_count} words, {story.body.count('<figure')} pictures, {len(story.body):,} characters")
    User.objects.create_superuser("bench", "bench@example.org", "bench passphrase 123")

    server = LiveServerThread("127.0.0.1", _StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    base = f"http://127.0.0.1:{server.port}"
    ready, pictures_in = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/admin/login/")
        page.fill("#id_username", "bench")
        page.fill("#id_password", "bench passphrase 123")
        page.click("input[type=submit]")
        page.wait_for_url(base + "/admin/")
        url = f"{base}/admin/articles/article/{story.pk}/change/"
        for _run in range(RUNS + 1):  # the first opening fills the browser's cache of scripts
            started = time.perf_counter()
            page.goto(url, wait_until="commit")
            page.wait_for_function("() => document.querySelector('[name=body_as_loaded]')?.value")
            held = time.perf_counter() - started
            page.wait_for_function(
                f"() => [...document.querySelectorAll('.body-node__thumbnail')].filter(i => i.complete && i.naturalWidth).length >= {PICTURES}"
            )
            shown = time.perf_counter() - started
            if _run:
                ready.append(held)
                pictures_in.append(shown)
        browser.close()
    print(
        f"Editor holds the story: median {statistics.median(ready) * 1000:.0f} ms (runs: {', '.join(f'{t * 1000:.0f}' for t in ready)})"
    )
    print(f"Every thumbnail shown:  median {statistics.median(pictures_in) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
