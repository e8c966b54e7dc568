"""Time the public pages in-process, as built for a reader the page cache steps aside for.

    # the database bench/side_by_side.sh fills (the WordPress peer's export), Redis as in production:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_side_by_side REDIS_URL=redis://127.0.0.1:6379/7 \\
        DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-only-0123456789abcdefghijklmnopqrstuvwxyz-0123456789 \\
        DJANGO_ALLOWED_HOSTS=testserver DJANGO_SECURE_SSL_REDIRECT=0 LOG_LEVEL=WARNING .venv/bin/python bench/page_profile.py
    FRAGMENT_CACHE=0 … bench/page_profile.py          # every block built every time
    … bench/page_profile.py --templates big           # where one page's time goes, by template
    FRAGMENT_CACHE=0 … bench/page_profile.py --blocks plain   # … by block (each block's own build)

Pages: the story with 500 comments ("big"), the newest story without comments ("plain"), the
home page, that story's section, and the story with the most pictures in its text ("pictures"). Each is requested a few times first (so kept blocks are
warm, when they are on), then timed; the median and the number of queries are printed.
"""

import argparse
import collections
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.template import base  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402


def most_pictured():
    """The published story with the most pictures in its text (where they are listed: one row per
    picture in the text; before pictures were part of the text, one row per placed picture)."""
    tables = connection.introspection.table_names()
    table = "articles_bodypicture" if "articles_bodypicture" in tables else "articles_inlineimage"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.article_id FROM {table} p JOIN articles_article a ON a.id = p.article_id "  # noqa: S608 - ours
            "WHERE a.status = 'published' GROUP BY p.article_id ORDER BY COUNT(*) DESC, p.article_id LIMIT 1"
        )
        row = cursor.fetchone()
    return Article.objects.get(pk=row[0]) if row else None


def pages():
    big = Article.objects.published().order_by("-comment_count").first()
    plain = Article.objects.published().filter(comment_count=0).order_by("-publish_at").first()
    found = {
        "big": big.get_absolute_url(),
        "plain": plain.get_absolute_url(),
        "home": "/",
        "section": plain.section.get_absolute_url(),
    }
    pictured = most_pictured()
    if pictured is not None:
        found["pictures"] = pictured.get_absolute_url()
    return found


def by_template(client, url, runs):
    """Inclusive time per template (an included template's time is also its includer's)."""
    spent, renders = collections.Counter(), collections.Counter()
    render = base.Template.render

    def timed(self, context):
        started = time.perf_counter()
        try:
            return render(self, context)
        finally:
            spent[self.origin.template_name] += time.perf_counter() - started
            renders[self.origin.template_name] += 1

    base.Template.render = timed
    try:
        for _ in range(runs):
            client.get(url)
    finally:
        base.Template.render = render
    for name, seconds in spent.most_common(15):
        print(f"{seconds / runs * 1000:7.2f} ms  ×{renders[name] // runs}  {name}")


def by_block(client, url, runs):
    """Median time of each block's build (the blocks core/pagecache/fragments.py keeps): with
    FRAGMENT_CACHE=0 every block is built on every request."""
    from core.pagecache import fragments

    spent = collections.defaultdict(list)
    original = fragments.fragment

    def timed(request, name, parts, build, **options):
        def timed_build():
            started = time.perf_counter()
            try:
                return build()
            finally:
                spent[name].append(time.perf_counter() - started)

        return original(request, name, parts, timed_build, **options)

    # Every module that imported the function by name gets the timed one.
    users = [module for module in list(sys.modules.values()) if getattr(module, "fragment", None) is original]
    for module in users:
        module.fragment = timed
    pages = []
    try:
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            pages.append(time.perf_counter() - started)
    finally:
        for module in users:
            module.fragment = original
    print(f"{statistics.median(pages) * 1000:7.2f} ms  the page")
    for name, times in spent.items():
        print(f"{statistics.median(times) * 1000:7.2f} ms  ×{len(times) // runs}  {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--templates", metavar="PAGE", help="big, plain, home or section")
    parser.add_argument("--blocks", metavar="PAGE", help="big, plain, home or section")
    args = parser.parse_args()
    client = Client()
    client.cookies["messages"] = "x"  # the page cache steps aside: the page is built
    urls = pages()
    one = args.templates or args.blocks
    for name, url in urls.items() if not one else [(one, urls[one])]:
        for _ in range(5):
            assert client.get(url).status_code == 200, url
        if one:
            (by_template if args.templates else by_block)(client, url, args.runs)
            return
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            size = len(client.get(url).content)
        print(f"{name:8} {statistics.median(times):6.1f} ms  {len(queries):2} queries  {size:,} bytes")


if __name__ == "__main__":
    main()
