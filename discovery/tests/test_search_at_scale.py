"""On PostgreSQL a search ranks a bounded set of matches, however many stories match."""

import re

import pytest
from django.utils import timezone

from articles.models import Article
from discovery import search_engines
from discovery.search import reindex_all, search_articles

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def archive(section):
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Harbour story {n}",
            slug=f"harbour-{n}",
            body=f"<p>The city council met about the harbour, meeting {n}.</p>"
            if n % 2
            else f"<p>The council of the city met about the harbour, meeting {n}.</p>",
            section=section,
            status=Article.Status.PUBLISHED,
            publish_at=now - timezone.timedelta(days=n),
        )
        for n in range(12)
    )
    reindex_all()


def test_past_the_ranked_matches_the_total_is_an_estimate(client, archive, monkeypatch):
    monkeypatch.setattr(search_engines, "RANKED_CANDIDATES", 5)
    monkeypatch.setattr("discovery.search.RANKED_CANDIDATES", 5)
    results = search_articles("harbour")
    assert results.count() == 5  # what readers page through
    assert results.total_is_estimate and results.total() >= 5
    html = client.get("/search/", {"q": "harbour"}).content.decode()
    assert "About " in html and "results for “harbour”" in html


def test_under_the_bound_the_total_is_exact(archive):
    results = search_articles("harbour")
    assert results.count() == results.total() == 12 and not results.total_is_estimate


def test_a_phrase_is_looked_for_among_the_newest_stories_holding_its_words(archive, monkeypatch):
    assert search_articles('"city council"').count() == 6  # the odd ones say it that way
    monkeypatch.setattr(search_engines, "PHRASE_POOL", 4)
    found = [article.slug for article in search_articles('"city council"')[:10]]
    assert found == ["harbour-1", "harbour-3"]  # of the newest four holding both words


@pytest.fixture
def bucketed_archive(section):
    """Stories spread over five buckets of story ids (discovery/migrations/0004), one story in
    three holding both "city" and "council", newer stories with higher ids."""
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            pk=bucket * 10_000 + n + 1,
            headline=f"Story {bucket}-{n}",
            slug=f"story-{bucket}-{n}",
            body="<p>The city council met.</p>" if n % 3 == 0 else "<p>The harbour was quiet.</p>",
            section=section,
            status=Article.Status.PUBLISHED,
            publish_at=now - timezone.timedelta(days=100 * (5 - bucket) - n),
        )
        for bucket in range(5)
        for n in range(6)
    )
    reindex_all()


def pool_of(query, **filters):
    results = search_articles(query, **filters)
    return [Article.objects.get(pk=pk).slug for pk in results.engine.phrase_pool()]


def test_a_phrase_pool_of_rare_words_is_found_by_bucket_newest_buckets_first(bucketed_archive, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def buckets_read(query):
        with CaptureQueriesContext(connection) as queries:
            pool = pool_of(query)
        asked = [q["sql"] for q in queries.captured_queries if "newsroom_words_by_bucket(document" in q["sql"]]
        return pool, [sorted({int(bucket) for bucket in re.findall(r"'(\d+)/citi'", sql)}) for sql in asked]

    monkeypatch.setattr(search_engines, "WALK_SHARE", 2)  # never read story by story
    monkeypatch.setattr(search_engines, "BUCKET_STEPS", (1, 2))
    monkeypatch.setattr(search_engines, "PHRASE_POOL", 4)
    # The newest bucket and the one before hold four: enough.
    assert buckets_read('"city council"') == (["story-4-3", "story-4-0", "story-3-3", "story-3-0"], [[3, 4]])
    monkeypatch.setattr(search_engines, "PHRASE_POOL", 5)
    assert buckets_read('"city council"') == (
        ["story-4-3", "story-4-0", "story-3-3", "story-3-0", "story-2-3"],
        [[3, 4], [2, 3, 4]],
    )
    monkeypatch.setattr(search_engines, "PHRASE_POOL", 20)  # more than the buckets hold: every bucket is read
    pool, buckets = buckets_read('"city council"')
    assert pool == [f"story-{bucket}-{n}" for bucket in range(4, -1, -1) for n in (3, 0)]
    assert buckets == [[3, 4], [2, 3, 4], [0, 1, 2, 3, 4]]


def test_a_phrase_pool_is_the_same_found_by_bucket_or_story_by_story(bucketed_archive, monkeypatch):
    monkeypatch.setattr(search_engines, "PHRASE_POOL", 5)
    monkeypatch.setattr(search_engines, "WALK_SHARE", 0)
    walked = pool_of('"city council"')
    monkeypatch.setattr(search_engines, "WALK_SHARE", 2)
    assert pool_of('"city council"') == walked == ["story-4-3", "story-4-0", "story-3-3", "story-3-0", "story-2-3"]
    # A search narrowed to dates reads story by story, whatever the share.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        narrowed = pool_of('"city council"', date_to=timezone.localdate() - timezone.timedelta(days=150))
    assert not [query for query in queries.captured_queries if "newsroom_words_by_bucket" in query["sql"]]
    assert narrowed == [
        "story-3-3",
        "story-3-0",
        "story-2-3",
        "story-2-0",
        "story-1-3",
    ]


def test_the_planner_is_asked_how_many_stories_hold_the_words(bucketed_archive):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE newsroom_searchentry")
    share = search_articles('"city council"').engine.share_holding_all_words(30)
    # A third of the stories hold each word: a ninth hold both, to a planner that takes words as
    # independent of each other (ten of thirty do here).
    assert 0.05 < share < 0.2
    assert 0.5 < search_articles('"harbour"').engine.share_holding_all_words(30) < 0.8  # twenty of thirty
    assert search_articles('"harbour"').engine.share_holding_all_words(-1) == 1  # never analysed: read story by story


def test_words_in_buckets_are_read_back_as_the_same_words():
    """Quotes, backslashes and tsquery's operators in a word stay part of the word."""
    from django.db import connection

    words = ["o'neil", "back\\slash", "a&b|c"]
    text = search_engines.words_in_buckets(words, range(8, 10))
    with connection.cursor() as cursor:
        for held, expected in [(words, True), (words[:2], False), (["o'neil", "back", "a&b|c"], False)]:
            cursor.execute(
                "SELECT array_to_tsvector(%s::text[]) @@ %s::tsquery", [[f"9/{word}" for word in held], text]
            )
            assert cursor.fetchone()[0] is expected, held


def test_drafts_among_the_newest_holders_do_not_crowd_out_older_published_stories(bucketed_archive, monkeypatch):
    monkeypatch.setattr(search_engines, "WALK_SHARE", 2)
    monkeypatch.setattr(search_engines, "BUCKET_STEPS", (1,))
    monkeypatch.setattr(search_engines, "HOLDERS_READ", 2)  # the holders' ids two at a time
    monkeypatch.setattr(search_engines, "PHRASE_POOL", 3)
    Article.objects.filter(slug__in=["story-4-3", "story-4-0", "story-3-3"]).update(status=Article.Status.DRAFT)
    assert pool_of('"city council"') == ["story-3-0", "story-2-3", "story-2-0"]


def test_past_the_buckets_asked_for_the_newest_stories_are_read(bucketed_archive, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(search_engines, "WALK_SHARE", 2)
    monkeypatch.setattr(search_engines, "BUCKET_STEPS", (0,))
    monkeypatch.setattr(search_engines, "MOST_BUCKETS_ASKED", 1)
    monkeypatch.setattr(search_engines, "PHRASE_POOL", 20)
    with CaptureQueriesContext(connection) as queries:
        pool = pool_of('"city council"')
    assert pool == [f"story-{bucket}-{n}" for bucket in range(4, -1, -1) for n in (3, 0)]
    asked = " ".join(query["sql"] for query in queries.captured_queries if "newsroom_words_by_bucket" in query["sql"])
    assert "'3/citi'" in asked and "'2/citi'" not in asked  # the query of buckets stays as small as it was told


def test_a_phrase_search_of_an_empty_archive_finds_nothing(db):
    assert search_articles('"city council"').count() == 0


def test_a_word_too_long_for_the_bucketed_index_leaves_the_story_searchable(section):
    long_word = "x" * 2046  # under tsvector's 2,047 bytes, over them with its bucket in front ("0/")
    Article.objects.create(
        headline="Long words",
        slug="long-words",
        body=f"<p>The city council read {long_word}.</p>",
        section=section,
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now(),
    )
    reindex_all()
    assert [article.slug for article in search_articles('"city council"')[:5]] == ["long-words"]


def test_the_bucketed_index_is_built_and_valid(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('newsroom_searchentry_words_by_bucket')"
        )
        assert cursor.fetchone() == (True,)
