"""What keeping revisions adds to saving a story: a story of 2,000 words with 5 pictures
(a lead and 4 placed in the body), saved through the admin by an editor, with the editorial
workflow (every save a revision) and with the plain article admin (no revisions).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_revisions .venv/bin/python bench/revision_cost.py [--saves 30]

Uses a scratch database (created and migrated here; never point it at real data) and prints,
for each admin, the queries per save and the median time per save, and the size of a revision.
"""

import argparse
import importlib
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import scratch_django  # noqa: E402 - bench/ is not a package


def story_with_pictures():
    from articles.models import Article
    from articles.tests.factories import ArticleFactory, AuthorFactory, ImageFactory, TagFactory

    words = ("The harbour authority said the new wall would be finished before the winter storms. " * 150).split()
    paragraphs = [" ".join(words[start : start + 100]) for start in range(0, 2000, 100)]
    story = ArticleFactory(
        body="".join(f"<p>{text}</p>" for text in paragraphs),
        lead_image=ImageFactory(),
        tags=[TagFactory(), TagFactory()],
        authors=[AuthorFactory(), AuthorFactory()],
    )
    for position in range(1, 5):
        story.inline_images.create(image=ImageFactory(), position=position * 4, caption=f"Picture {position}")
    for order in range(3):
        story.key_points.create(text=f"Point {order}", order=order)
    return Article.objects.get(pk=story.pk)


def measure(client, story, saves):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from editorial.tests.admin_forms import change_form

    url = reverse("admin:articles_article_change", args=[story.pk])
    timings, queries = [], []
    for number in range(saves):
        data = change_form(client, story)
        data["headline"] = f"Harbour wall: version {number}"
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(url, data)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code
        queries.append(len(captured))
    return statistics.median(timings) * 1000, statistics.median(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=30)
    args = parser.parse_args()

    settings = scratch_django("sqlite:////tmp/bench_revisions.sqlite3")
    from django.contrib import admin
    from django.test import Client
    from django.urls import clear_url_caches

    from articles.admin import ArticleAdmin
    from articles.models import Article
    from editorial.admin import EditorialArticleAdmin
    from editorial.models import Revision
    from editorial.tests.admin_forms import staff

    client = Client()
    client.force_login(staff(f"bench-{time.time_ns()}", "Editor"))
    story = story_with_pictures()
    words = story.word_count
    results = {}
    for name, admin_class in (("plain article admin", ArticleAdmin), ("with revisions", EditorialArticleAdmin)):
        admin.site.unregister(Article)
        admin.site.register(Article, admin_class)
        # The admin's URLs are bound to the registered instance when the URLconf loads: reload it.
        clear_url_caches()
        if settings.ROOT_URLCONF in sys.modules:
            importlib.reload(sys.modules[settings.ROOT_URLCONF])
        results[name] = measure(client, story, args.saves)
    revision = Revision.objects.saved().filter(article=story).first()

    print(f"{connection_vendor()}: a story of {words} words, 5 pictures; median of {args.saves} saves each")
    for name, (milliseconds, queries) in results.items():
        print(f"  {name:22} {milliseconds:7.1f} ms  {queries:4.0f} queries")
    (plain_ms, plain_q), (rev_ms, rev_q) = results.values()
    print(f"  revisions add           {rev_ms - plain_ms:7.1f} ms  {rev_q - plain_q:4.0f} queries")
    print(f"  one revision: {len(json.dumps(revision.data)) / 1024:.1f} KB of JSON")


def connection_vendor():
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
