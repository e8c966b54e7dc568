"""The archive bench/archive.py generates: its shape (the module docstring there), the scratch
database it lives in, and the set-based SQL that fills it."""

import contextlib
import os
import random
import sys
import time

SERVER = "postgres://postgres@127.0.0.1:5432"
PARAGRAPHS = 4000
PARAGRAPHS_PER_STORY = 10
SECTIONS, TAGS, AUTHORS = 10, 2000, 200
YEARS = 20
BIG_STORIES = 5


def refuse(message):
    sys.exit(f"bench/archive.py: {message}")


def setup_django(database, *, production):
    """Django on the scratch database; `production`: DEBUG off and nothing kept, as the timings want."""
    os.environ["DATABASE_URL"] = f"{SERVER}/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    if production:
        os.environ.setdefault("DJANGO_DEBUG", "0")
        os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-0123456789abcdefghijklmnopqrstuvwxyz-0123456789")
        os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
        os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
        os.environ.setdefault("FRAGMENT_CACHE", "0")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("LOG_LEVEL", "ERROR" if production else "WARNING")
    import django

    django.setup()


def create_database(database):
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{database}"')


def word_pool(rng):
    from faker.providers.lorem.en_US import Provider as EnglishWords

    words = list(EnglishWords.word_list) + ["government", "election", "council", "harbour", "market", "police"]
    rng.shuffle(words)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return words, weights


def sentences(rng, words, weights, count):
    text = " ".join(rng.choices(words, weights=weights, k=count))
    return text[0].upper() + text[1:] + "."


class Step:
    """Prints each step with its time: a progress line a person can follow."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.started = time.monotonic()
        print(f"  {self.name} …", end="", flush=True)

    def __exit__(self, *exc):
        print(f" {time.monotonic() - self.started:.1f} s", flush=True)


def generate(database, stories, seed=11):
    create_database(database)
    setup_django(database, production=False)
    from django.core.management import call_command
    from django.db import connection

    rng = random.Random(seed)
    print(f"Generating {stories:,} stories in {database}")
    started = time.monotonic()
    with Step("migrate"):
        call_command("migrate", verbosity=0)
    words, weights = word_pool(rng)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET work_mem = '256MB'")
        # Foreign keys and triggers off while loading: the rows are made consistent here.
        cursor.execute("SET session_replication_role = replica")
        with Step("empty the tables"):
            cursor.execute(
                "TRUNCATE comments_comment, newsroom_searchentry, articles_article_tags, articles_byline, "
                "articles_keypoint, articles_bodypicture, articles_article, articles_tag, articles_author, "
                "articles_section RESTART IDENTITY CASCADE"
            )
        with Step("sections, tags, authors, text pools"):
            cursor.executemany(
                'INSERT INTO articles_section (id, name, slug, description, "order") VALUES (%s, %s, %s, %s, %s)',
                [(n, f"Section {n}", f"section-{n}", "", n) for n in range(1, SECTIONS + 1)],
            )
            cursor.executemany(
                "INSERT INTO articles_tag (id, name, slug) VALUES (%s, %s, %s)",
                [(n, f"{rng.choice(words)} {n}", f"tag-{n}") for n in range(1, TAGS + 1)],
            )
            cursor.executemany(
                "INSERT INTO articles_author (id, name, slug, bio) VALUES (%s, %s, %s, %s)",
                [(n, f"Writer {n}", f"writer-{n}", "") for n in range(1, AUTHORS + 1)],
            )
            cursor.execute("CREATE UNLOGGED TABLE IF NOT EXISTS bench_paragraph (id int PRIMARY KEY, text text)")
            cursor.execute("TRUNCATE bench_paragraph")
            cursor.executemany(
                "INSERT INTO bench_paragraph (id, text) VALUES (%s, %s)",
                [
                    (n, " ".join(sentences(rng, words, weights, rng.randint(8, 20)) for _ in range(5)))
                    for n in range(PARAGRAPHS)
                ],
            )
            cursor.execute("ALTER TABLE bench_paragraph ADD COLUMN IF NOT EXISTS vector tsvector")
            cursor.execute("UPDATE bench_paragraph SET vector = setweight(to_tsvector('english', text), 'C')")
            cursor.execute("CREATE UNLOGGED TABLE IF NOT EXISTS bench_line (id int PRIMARY KEY, text text)")
            cursor.execute("TRUNCATE bench_line")
            cursor.executemany(
                "INSERT INTO bench_line (id, text) VALUES (%s, %s)",
                [(n, sentences(rng, words, weights, rng.randint(5, 11))[:-1]) for n in range(5000)],
            )
        with Step("comment plan (threads of every story)"):
            plan_threads(cursor, stories)
        with Step(f"{stories:,} stories"):
            insert_stories(cursor, stories)
        with Step("tags and bylines"):
            cursor.execute(
                """
                INSERT INTO articles_article_tags (article_id, tag_id)
                SELECT DISTINCT g, 1 + floor(%s * power(random(), 2.5))::int
                FROM generate_series(1, %s) g, LATERAL generate_series(0, (g * 7 + 3) %% 5) k
                """,
                [TAGS, stories],
            )
            cursor.execute(
                """
                INSERT INTO articles_byline (article_id, author_id, "order", publish_at)
                SELECT a.id, 1 + (a.id * 37) %% %s, 0, a.publish_at FROM articles_article a WHERE a.id <= %s
                UNION ALL
                SELECT a.id, 1 + (a.id * 37 + 11) %% %s, 1, a.publish_at FROM articles_article a
                WHERE a.id <= %s AND a.id %% 5 = 0
                """,
                [AUTHORS, stories, AUTHORS, stories],
            )
        with Step("comments"):
            insert_comments(cursor)
        with Step("search index"), loaded_without_indexes(cursor, "newsroom_searchentry"):
            cursor.execute(
                f"""
                INSERT INTO newsroom_searchentry (article_id, headline, standfirst, body, document, indexed_at)
                SELECT a.id, a.headline, a.standfirst, {paragraph_text_sql()},
                       setweight(to_tsvector('english', a.headline), 'A')
                       || setweight(to_tsvector('english', a.standfirst), 'B') || {paragraph_vector_sql()},
                       now()
                FROM articles_article a {paragraph_joins_sql()}
                """
            )
        cursor.execute("SET session_replication_role = DEFAULT")
        with Step("sitemap months"):
            from discovery.sitemaps import rebuild_sitemap_months

            rebuild_sitemap_months()
        with Step("sequences"):
            for table in (
                "articles_article",
                "comments_comment",
                "articles_tag",
                "articles_author",
                "articles_section",
            ):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    with Step("vacuum and analyze"), connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Done in {time.monotonic() - started:.0f} s")


def paragraph_joins_sql():
    return " ".join(
        f"JOIN bench_paragraph p{i} ON p{i}.id = abs(hashint8(a.id * 16 + {i})) % {PARAGRAPHS}"
        for i in range(PARAGRAPHS_PER_STORY)
    )


def paragraph_text_sql():
    return " || ' ' || ".join(f"p{i}.text" for i in range(PARAGRAPHS_PER_STORY))


def paragraph_vector_sql():
    return " || ".join(f"p{i}.vector" for i in range(PARAGRAPHS_PER_STORY))


def plan_threads(cursor, stories):
    """bench_thread: one row per thread (its story, tree id, first comment id, size, shape)."""
    cursor.execute("DROP TABLE IF EXISTS bench_thread")
    big = {max(1, stories * (n + 1) // (BIG_STORIES + 1)) for n in range(BIG_STORIES)}
    cursor.execute(
        """
        CREATE UNLOGGED TABLE bench_thread AS
        WITH threads AS (
            SELECT g AS article_id, t,
                   CASE WHEN g = ANY(%s) THEN 5 ELSE 1 + (abs(hashint8(g * 64 + t)) %% 3)::int END AS size
            FROM generate_series(1, %s) g,
                 LATERAL generate_series(1, CASE WHEN g = ANY(%s) THEN 200 + (g %% 800)::int
                                                 ELSE 1 + (abs(hashint8(g)) %% 9)::int END) t
        )
        SELECT article_id, row_number() OVER (ORDER BY article_id, t)::int AS tree_id, size,
               (sum(size) OVER (ORDER BY article_id, t) - size + 1)::bigint AS first_id
        FROM threads
        """,
        [list(big), stories, list(big)],
    )
    cursor.execute("ALTER TABLE bench_thread ADD PRIMARY KEY (tree_id)")
    cursor.execute("CREATE INDEX ON bench_thread (article_id)")
    cursor.execute("ANALYZE bench_thread")


# What a comment of a thread is, by its place k in it: flat threads (a root and its replies)
# when the tree id is odd, a chain of replies when even. Statuses: the last comment of every
# 25th thread awaits moderation, of every 97th is spam.
COMMENT_STATUS_SQL = """
    CASE WHEN k = th.size - 1 AND th.tree_id % 25 = 0 THEN 'pending'
         WHEN k = th.size - 1 AND th.tree_id % 97 = 0 THEN 'spam'
         ELSE 'approved' END
"""


def insert_stories(cursor, stories):
    n = int(stories)
    cursor.execute(
        f"""
        INSERT INTO articles_article (
            id, headline, slug, standfirst, dateline, body, lead_image_caption, status, publish_at,
            first_published_at, created_at, updated_at, editors_note, comments_enabled, word_count,
            comment_count, section_id, pinned)
        SELECT a.id, initcap(h.text), 'story-' || a.id, s.text || '.', '',
               {" || ".join(f"'<p>' || p{i}.text || '</p>'" for i in range(PARAGRAPHS_PER_STORY))},
               '',
               CASE WHEN a.id % 100 = 50 THEN 'draft' ELSE 'published' END,
               a.publish_at, a.publish_at, a.publish_at, a.publish_at, '', true,
               {" + ".join(f"array_length(regexp_split_to_array(p{i}.text, ' '), 1)" for i in range(3))} * 10 / 3,
               coalesce(c.approved, 0), 1 + a.id % {SECTIONS}, a.id IN ({n - 20}, {n - 200}, {n - 2000})
        FROM (
            SELECT g AS id,
                   CASE WHEN g > {n} - 5 THEN now() + (g - {n} + 6) * interval '1 day'
                        ELSE now() - ({n} - g)::float8 / {n} * interval '{YEARS} years'
                             - (abs(hashint8(g)) % 300000) * interval '1 second' END AS publish_at
            FROM generate_series(1, {n}) g
        ) a
        JOIN bench_line h ON h.id = abs(hashint8(a.id * 3)) % 5000
        JOIN bench_line s ON s.id = abs(hashint8(a.id * 3 + 1)) % 5000
        {paragraph_joins_sql()}
        LEFT JOIN (
            SELECT th.article_id, count(*) FILTER (WHERE {COMMENT_STATUS_SQL} = 'approved') AS approved
            FROM bench_thread th, LATERAL generate_series(0, th.size - 1) k GROUP BY th.article_id
        ) c ON c.article_id = a.id
        """
    )


@contextlib.contextmanager
def loaded_without_indexes(cursor, table):
    """Rows loaded into `table` without its indexes and unique constraints, which are built after:
    faster than keeping them up to date row by row."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'u'",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """
        SELECT indexname, indexdef FROM pg_indexes
        WHERE tablename = %s AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)
        """,
        [table, table],
    )
    indexes = cursor.fetchall()
    for name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:  # built again even when the load failed: the database stays whole
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def insert_comments(cursor):
    """Ten million rows, loaded without the table's indexes."""
    with loaded_without_indexes(cursor, "comments_comment"):
        insert_comment_rows(cursor)


def insert_comment_rows(cursor):
    cursor.execute(
        f"""
        INSERT INTO comments_comment (
            id, author_name, author_email, author_url, body, body_html, status, created_at, edited_at,
            notify_replies, ip_hash, user_agent, lft, rght, tree_id, level, article_id, parent_id, user_id,
            is_markup)
        SELECT th.first_id + k, 'Reader ' || (th.first_id + k) % 50000,
               'reader' || (th.first_id + k) % 50000 || '@example.com', '', l.text, '<p>' || l.text || '</p>',
               {COMMENT_STATUS_SQL},
               a.publish_at + (th.tree_id % 500 + k + 1) * interval '3 minutes', NULL, false, '', '',
               CASE WHEN th.tree_id % 2 = 0 THEN k + 1 WHEN k = 0 THEN 1 ELSE 2 * k END,
               CASE WHEN th.tree_id % 2 = 0 THEN 2 * th.size - k WHEN k = 0 THEN 2 * th.size ELSE 2 * k + 1 END,
               th.tree_id,
               CASE WHEN th.tree_id % 2 = 0 THEN k WHEN k = 0 THEN 0 ELSE 1 END,
               th.article_id,
               CASE WHEN k = 0 THEN NULL WHEN th.tree_id % 2 = 0 THEN th.first_id + k - 1 ELSE th.first_id END,
               NULL, false
        FROM bench_thread th
        JOIN articles_article a ON a.id = th.article_id
        CROSS JOIN LATERAL generate_series(0, th.size - 1) k
        JOIN bench_line l ON l.id = (th.first_id + k) % 5000
        """
    )
