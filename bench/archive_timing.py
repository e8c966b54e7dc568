"""Timing every page of a generated archive (bench/archive.py time): in-process, as built for a
reader the page cache steps aside for, with no blocks kept."""

import re
import statistics
import time

from archive_data import refuse, setup_django


def pages():
    """(name, address) of every page timed, chosen from the archive as a reader would meet them."""
    from articles.models import Article, Author, Section, Tag

    newest = Article.objects.published().order_by("-publish_at").first()
    plain = Article.objects.published().filter(comment_count__lte=3).order_by("-publish_at")[50]
    big = Article.objects.published().order_by("-comment_count").first()
    section = Section.objects.order_by("pk").first()
    tag = Tag.objects.get(slug="tag-1")  # the tag on the most stories
    author = Author.objects.order_by("pk").first()
    year = newest.publish_at.year - 1
    # Page 500 where the section has that many (100,000 stories and more), else its last page.
    deep = min(500, Article.objects.published().filter(section=section).count() // 20)
    return [
        ("home", "/"),
        ("section, page 1", section.get_absolute_url()),
        (f"section, page {deep}", section.get_absolute_url() + f"?page={deep}"),
        ("tag (the largest)", tag.get_absolute_url()),
        ("author", author.get_absolute_url()),
        ("year", f"/{year}/"),
        ("plain story", plain.get_absolute_url()),
        (f"story with {big.comment_count:,} comments", big.get_absolute_url()),
        ("search: a common word", "/search/?q=government"),
        ("search: a phrase", '/search/?q="city+council"'),
        ("search: a word, one year", f"/search/?q=market&from={year}-01-01&to={year}-12-31"),
        ("sitemap index", "/sitemap.xml"),
        ("an article sitemap page", None),  # read from the index
        ("admin stories: page 1", "/admin/articles/article/"),
        ("admin stories: search", "/admin/articles/article/?q=government"),
        ("admin stories: last page", None),
        ("admin comments: page 1", "/admin/comments/comment/"),
        ("admin comments: held", "/admin/comments/comment/?status__exact=pending"),
    ]


def time_pages(database, runs):
    setup_django(database, production=True)

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off serves the manifest's names
    reader = Client()
    reader.cookies["messages"] = "x"  # the page cache steps aside: the page is built
    staff = Client()
    user_model = get_user_model()
    admin, _ = user_model.objects.get_or_create(username="bench-admin", defaults={"is_staff": True})
    admin.is_staff = admin.is_superuser = True
    admin.save()
    staff.force_login(admin)
    stories = Article.objects.count()
    print(f"{stories:,} stories in {database}; median of {runs} requests, nothing kept\n")
    print("| page | median ms | queries | KB |")
    print("|---|---:|---:|---:|")
    for name, url in pages():
        if name == "an article sitemap page":
            index = reader.get("/sitemap.xml").content.decode()
            found = [loc for loc in re.findall(r"<loc>([^<]+)</loc>", index) if "article" in loc or "stories" in loc]
            url = found[len(found) // 2].split("testserver", 1)[-1] if found else "/sitemap.xml"
        if name == "admin stories: last page":
            url = last_page(staff)
        client = staff if url.startswith("/admin/") else reader
        timings = []
        for run in range(runs + 2):
            started = time.perf_counter()
            response = client.get(url)
            if run >= 2:
                timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            refuse(f"{url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            size = len(client.get(url).content)
        print(f"| {name} | {statistics.median(timings):.0f} | {len(queries)} | {size / 1024:.0f} |", flush=True)
    print(f"| post a reply (story with 10 comments / {big_count()}) | {time_reply(runs)} | | |")


def last_page(staff):

    page = staff.get("/admin/articles/article/").content.decode()
    numbers = [int(n) for n in re.findall(r"\?p=(\d+)", page)]
    return f"/admin/articles/article/?p={max(numbers)}" if numbers else "/admin/articles/article/"


def big_count():
    from articles.models import Article

    return f"{Article.objects.order_by('-comment_count').values_list('comment_count', flat=True).first():,}"


def time_reply(runs):
    """Milliseconds for comment_create of a reply: on a story with ten comments, on the largest."""
    from articles.models import Article
    from comments.models import Comment
    from comments.services import comment_create

    figures = []
    for article in (
        Article.objects.published().filter(comment_count=10).order_by("-publish_at").first(),
        Article.objects.order_by("-comment_count").first(),
    ):
        parent = Comment.objects.filter(article=article, status="approved").order_by("tree_id", "lft").first()
        timings = []
        for n in range(runs):
            started = time.perf_counter()
            comment_create(
                article=article,
                parent=parent,
                author_name="Bench",
                author_email="bench@example.com",
                body=f"A reply, number {n}.",
                status=Comment.Status.APPROVED,
                send_notifications=False,
            )
            timings.append((time.perf_counter() - started) * 1000)
        figures.append(f"{statistics.median(timings):.0f}")
    return " / ".join(figures)
