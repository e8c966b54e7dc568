"""The queries of the pages that must stay fast on a large archive read through indexes: no
query of the story page, the home and section pages or the admin's story and comment lists scans
a whole big table. PostgreSQL's planner decides by the tables' size, so these tests fill an
archive big enough for it to choose (30,000 stories, 120,000 comments, set-based SQL) and read
`EXPLAIN` for every query the page runs."""

import json

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.related import related_stories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

STORIES, THREADS_PER_STORY = 30_000, 2
BIG_TABLES = (
    "articles_article",
    "comments_comment",
    "articles_article_tags",
    "articles_byline",
    "newsroom_searchentry",
)


@pytest.fixture
def archive(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE = False
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO articles_section (name, slug, description, "order") '
            "SELECT 'Section ' || n, 'section-' || n, '', n FROM generate_series(1, 10) n"
        )
        cursor.execute(
            "INSERT INTO articles_tag (name, slug) SELECT 'Tag ' || n, 'tag-' || n FROM generate_series(1, 500) n"
        )
        cursor.execute(
            "INSERT INTO articles_author (name, slug, bio) "
            "SELECT 'Writer ' || n, 'writer-' || n, '' FROM generate_series(1, 50) n"
        )
        cursor.execute(
            """
            INSERT INTO articles_article (headline, slug, standfirst, dateline, body, lead_image_caption, status,
                publish_at, first_published_at, created_at, updated_at, editors_note, comments_enabled,
                word_count, comment_count, section_id, pinned)
            SELECT 'Story ' || g, 'story-' || g, '', '', '<p>Words of story ' || g || '.</p>', '', 'published',
                   now() - (%s - g) * interval '1 hour', now(), now(), now(), '', true, 4, %s,
                   (SELECT min(id) FROM articles_section) + g %% 10, g %% 5000 = 0
            FROM generate_series(1, %s) g
            """,
            [STORIES, THREADS_PER_STORY * 2, STORIES],
        )
        cursor.execute(
            """
            INSERT INTO articles_article_tags (article_id, tag_id)
            SELECT a.id, (SELECT min(id) FROM articles_tag) + (a.id * k) % 500
            FROM articles_article a, generate_series(1, 3) k ON CONFLICT DO NOTHING
            """
        )
        cursor.execute(
            'INSERT INTO articles_byline (article_id, author_id, "order", publish_at) '
            "SELECT a.id, (SELECT min(id) FROM articles_author) + a.id % 50, 0, a.publish_at FROM articles_article a"
        )
        # Threads of a root and one reply; tree ids in story order.
        cursor.execute(
            """
            INSERT INTO comments_comment (author_name, author_email, author_url, body, body_html, status,
                created_at, notify_replies, ip_hash, user_agent, lft, rght, tree_id, level, article_id,
                is_markup)
            SELECT 'Reader', 'reader@example.com', '', 'Words.', '<p>Words.</p>',
                   CASE WHEN t %% 7 = 0 THEN 'pending' ELSE 'approved' END, now(), false, '', '',
                   1, 4, row_number() OVER (ORDER BY a.id, t), 0, a.id, false
            FROM articles_article a, generate_series(1, %s) t
            """,
            [THREADS_PER_STORY],
        )
        cursor.execute(
            """
            INSERT INTO comments_comment (author_name, author_email, author_url, body, body_html, status,
                created_at, notify_replies, ip_hash, user_agent, lft, rght, tree_id, level, article_id,
                parent_id, is_markup)
            SELECT 'Reader', 'reader@example.com', '', 'A reply.', '<p>A reply.</p>', 'approved', now(), false,
                   '', '', 2, 3, tree_id, 1, article_id, id, false
            FROM comments_comment
            """
        )
        cursor.execute("ANALYZE")
    return Article.objects.published().order_by("-publish_at")[100]


def explained(queries, explain):
    """(the query, the rows `explain` + the query gives) for each SELECT among `queries`."""
    with connection.cursor() as cursor:
        for query in queries:
            if query["sql"].lstrip().upper().startswith("SELECT"):
                cursor.execute(f"{explain} {query['sql']}")
                yield query["sql"], cursor.fetchall()


def scans_of_big_tables(queries):
    """The full scans of big tables in the plans of these queries: [(table, the query)]."""
    found = []
    for sql, rows in explained(queries, "EXPLAIN"):
        plan = "\n".join(row[0] for row in rows)
        found += [(table, sql) for table in BIG_TABLES if f"Seq Scan on {table}" in plan]
    return found


def rows_read_from_big_tables(queries):
    """The most rows any one query read from the big tables, as EXPLAIN ANALYZE counts them
    (returned and removed by a filter, over every loop)."""
    most = 0
    for _sql, rows in explained(queries, "EXPLAIN (ANALYZE, FORMAT JSON)"):
        plan = json.loads(rows[0][0]) if isinstance(rows[0][0], str) else rows[0][0]
        nodes, read = [plan[0]["Plan"]], 0
        while nodes:
            node = nodes.pop()
            nodes += node.get("Plans", [])
            if node.get("Relation Name") in BIG_TABLES:
                loops = node.get("Actual Loops", 1)
                read += (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
        most = max(most, read)
    return most


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return queries.captured_queries


def reader():
    client = Client()
    client.cookies["messages"] = "x"
    return client


def test_read_next_reads_by_index(archive):
    with CaptureQueriesContext(connection) as queries:
        assert related_stories(archive)
    assert scans_of_big_tables(queries.captured_queries) == []


@pytest.mark.parametrize(
    "page",
    [
        *("story", "home", "section", "section, page 100", "tag", "author"),
        *("comments feed", "a story's comments feed", "sitemap index", "news sitemap"),
    ],
)
def test_public_pages_read_by_index(archive, page):
    url = {
        "story": archive.get_absolute_url(),
        "home": "/",
        "section": archive.section.get_absolute_url(),
        "section, page 100": archive.section.get_absolute_url() + "?page=100",
        "tag": archive.tags.first().get_absolute_url(),
        "author": archive.authors.first().get_absolute_url(),
        "comments feed": "/comments/feed/",
        "a story's comments feed": f"/comments/feed/{archive.pk}/",
        "sitemap index": "/sitemap.xml",
        "news sitemap": "/sitemap-news.xml",
    }[page]
    assert scans_of_big_tables(queries_of(reader(), url)) == []


@pytest.mark.parametrize(
    "url",
    [
        "/admin/comments/comment/",
        "/admin/comments/comment/?status__exact=pending",
        "/admin/articles/article/",
        "/admin/articles/article/?p=50",
    ],
)
def test_admin_lists_read_by_index(archive, url):
    client = Client()
    client.force_login(User.objects.create_superuser("chief", "chief@example.com", "pw"))
    assert scans_of_big_tables(queries_of(client, url)) == []


def test_an_authors_page_reads_one_range_of_the_authors_index_without_sorting(archive):
    author = archive.authors.first()
    queries = queries_of(reader(), author.get_absolute_url())
    listing = next(
        query["sql"] for query in queries if "ORDER BY" in query["sql"] and "articles_byline" in query["sql"]
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + listing)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "byline_author_newest_idx" in plan and "Sort" not in plan, plan


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-news.xml"])
def test_the_sitemap_index_and_the_news_sitemap_read_a_bounded_number_of_stories(archive, url):
    from live.models import LiveCoverage

    LiveCoverage.objects.create(article=Article.objects.published().order_by("publish_at").first())
    assert rows_read_from_big_tables(queries_of(reader(), url)) < 2_000  # of 30,000 stories


def test_a_phrase_of_words_rarely_together_is_pooled_from_the_newest_buckets(archive):
    """ "city council" stands in one story in twenty; each word alone in a third. Reading the newest
    stories until 500 hold both would read 10,000 documents; the index of words by bucket of story
    ids (discovery/migrations/0004) finds them among the newest buckets' entries."""
    from discovery.search import search_articles

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO newsroom_searchentry (article_id, headline, standfirst, body, document, indexed_at)
            SELECT id, headline, '', '', to_tsvector('english', CASE WHEN id % 20 = 0 THEN 'the city council met'
                WHEN id % 3 = 0 THEN 'city lights' WHEN id % 3 = 1 THEN 'council tax' ELSE 'harbour' END), now()
            FROM articles_article
            """
        )
        cursor.execute("ANALYZE newsroom_searchentry")
    with CaptureQueriesContext(connection) as queries:
        results = search_articles('"city council"')
        assert results.count() == 500
    by_bucket = [query for query in queries.captured_queries if "newsroom_words_by_bucket(document" in query["sql"]]
    plan = "\n".join(row[0] for _sql, rows in explained(by_bucket, "EXPLAIN") for row in rows)
    assert "newsroom_searchentry_words_by_bucket" in plan, plan
    # The pool's queries: the words by bucket, then the stories holding them.
    pool = queries.captured_queries[queries.captured_queries.index(by_bucket[0]) :][:2]
    assert scans_of_big_tables(pool) == []
    assert rows_read_from_big_tables(pool) < 3_000
