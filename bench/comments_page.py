"""Time the article page with a 500-comment thread against the same page with none.

    DATABASE_URL=sqlite:////tmp/bench_comments.sqlite3 .venv/bin/python bench/comments_page.py [--renders 50]

Uses a scratch database (created and migrated here; never point it at real data), renders
through Django's test client with the page cache and kept blocks bypassed, and prints the mean time per
render, the ratio, the queries per page and the HTML size.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import scratch_django  # noqa: E402 - bench/ is not a package


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--comments", type=int, default=500)
    args = parser.parse_args()

    settings = scratch_django("sqlite:////tmp/bench_comments.sqlite3")
    from django.db import connection
    from django.test import Client

    from articles.models import Article
    from articles.tests.factories import ArticleFactory, SectionFactory
    from comments.models import Comment
    from comments.tests.factories import post

    Comment.objects.all().delete() if not Comment.objects.exists() else None
    if Article.objects.exists():
        sys.exit("The scratch database already has stories: delete it first (it is recreated each run).")
    section = SectionFactory(slug="bench")
    empty = ArticleFactory(section=section, slug="no-comments", body="<p>word </p>" * 600)
    busy = ArticleFactory(section=section, slug="busy", body="<p>word </p>" * 600)
    parents = []
    for number in range(args.comments):
        # Threads of ten: each reply hangs off one of the last few comments, depth up to 5.
        parent = None
        if number % 10 and parents:
            candidate = parents[-1]
            parent = candidate if candidate.level < 4 else candidate.parent
        comment = post(
            busy,
            body=f"Comment {number}: " + "a fair point about the story " * 4,
            parent=parent,
            name=f"Reader {number % 37}",
            author_url="https://example.org" if number % 3 else "",
        )
        parents.append(comment)
    print(f"{Comment.objects.count()} comments, deepest level {max(c.level for c in parents)}")

    client = Client()
    client.cookies["messages"] = "x"  # one of PAGE_CACHE_BYPASS_COOKIES: the page is built
    settings.FRAGMENT_CACHE = False  # and built whole: no kept blocks pasted in (core/pagecache/fragments.py)
    results = {}
    for label, article in (("no comments", empty), (f"{args.comments} comments", busy)):
        url = article.get_absolute_url()
        client.get(url)  # warm up
        queries = []
        with connection.execute_wrapper(
            lambda execute, sql, *rest, seen=queries: seen.append(sql) or execute(sql, *rest)
        ):
            response = client.get(url)
        assert response.status_code == 200 and "X-Page-Cache" not in response, response.headers
        timings = []
        for _ in range(args.renders):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        results[label] = statistics.mean(timings)
        print(
            f"{label:>14}: {statistics.mean(timings):7.2f} ms mean, {statistics.median(timings):7.2f} ms median, "
            f"{len(queries)} queries, {len(response.content) / 1024:.0f} KiB"
        )
    base, busy_time = results.values()
    print(f"ratio: {busy_time / base:.2f}x the page with no comments; {busy_time - base:.2f} ms for the thread")


if __name__ == "__main__":
    main()
