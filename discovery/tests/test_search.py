"""Search behaves the same on SQLite (FTS5) and PostgreSQL (tsvector): run this file on both."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from discovery.models import SearchEntry
from discovery.search import parse_query, search_articles

HOSTILE_QUERIES = [
    "the and of",
    "!!! ??? ...",
    '"',
    '""',
    '"unbalanced quote',
    "*",
    "harbour*",
    "NEAR",
    "harbour NEAR boats",
    "NEAR(harbour boats)",
    "harbour OR boats",
    "OR",
    "AND NOT",
    "headline:harbour",
    ":",
    "((harbour",
    "harbour))",
    "^harbour",
    "-harbour",
    "harbour\x00boats",
    "\x00",
    "'; DROP TABLE articles_article; --",
    "harbour & | ! <->",
    "x" * 600,
    "harbour " * 100,
    "😀 harbour 🌊",
    "\u202etxet",
]


def ids(results):
    return [article.pk for article in results]


def test_headline_outranks_standfirst_which_outranks_body(make_article):
    in_body = make_article(headline="Morning report", body="<p>The harbour was quiet.</p>")
    in_headline = make_article(headline="Harbour reopens", body="<p>Ships are back.</p>")
    in_standfirst = make_article(headline="City news", standfirst="The harbour is busy again.")

    assert ids(search_articles("harbour")[0:10]) == [in_headline.pk, in_standfirst.pk, in_body.pk]


def test_recent_story_ranks_first_among_equally_relevant_ones(make_article):
    now = timezone.now()
    older = make_article(headline="Harbour report", publish_at=now - timezone.timedelta(days=200))
    newer = make_article(headline="Harbour report", publish_at=now - timezone.timedelta(days=1))

    assert ids(search_articles("harbour")[0:10]) == [newer.pk, older.pk]


def test_recency_boost_is_gentle_an_old_headline_match_beats_a_fresh_body_match(make_article):
    now = timezone.now()
    old_headline = make_article(headline="Harbour plans", publish_at=now - timezone.timedelta(days=365))
    fresh_body = make_article(
        headline="Council meeting",
        body="<p>The harbour was mentioned.</p>",
        publish_at=now - timezone.timedelta(hours=2),
    )

    assert ids(search_articles("harbour")[0:10]) == [old_headline.pk, fresh_body.pk]


def test_only_published_stories_whose_time_has_come_are_found(make_article):
    live = make_article(headline="Harbour live")
    make_article(headline="Harbour draft", status=Article.Status.DRAFT)
    make_article(headline="Harbour scheduled", publish_at=timezone.now() + timezone.timedelta(days=1))

    assert ids(search_articles("harbour")[0:10]) == [live.pk]


def test_every_word_must_match(make_article):
    both = make_article(headline="Harbour boats")
    make_article(headline="Harbour cranes")

    assert ids(search_articles("boats harbour")[0:10]) == [both.pk]


def test_quoted_phrase_matches_the_words_together(make_article):
    together = make_article(headline="City council votes")
    make_article(headline="Council of the city")

    assert ids(search_articles('"city council"')[0:10]) == [together.pk]


def test_word_forms_match_through_stemming(make_article):
    story = make_article(headline="Elections called")

    assert ids(search_articles("election")[0:10]) == [story.pk]


def test_section_filter(make_article, other_section):
    world = make_article(headline="Harbour world")
    make_article(headline="Harbour sport", section=other_section)

    assert ids(search_articles("harbour", section=world.section)[0:10]) == [world.pk]


def test_date_range_filter_includes_both_ends(make_article):
    day = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0) - timezone.timedelta(days=10)
    before = make_article(headline="Harbour before", publish_at=day - timezone.timedelta(days=2))
    first = make_article(headline="Harbour first", publish_at=day)
    last = make_article(headline="Harbour last", publish_at=day + timezone.timedelta(days=1))
    make_article(headline="Harbour after", publish_at=day + timezone.timedelta(days=3))
    local_day = timezone.localtime(day).date()

    found = search_articles("harbour", date_from=local_day, date_to=local_day + datetime.timedelta(days=1))

    assert sorted(ids(found[0:10])) == sorted([first.pk, last.pk])
    assert before.pk not in ids(found[0:10])


def test_count_and_slices_page_through_all_results(make_article):
    made = [make_article(headline=f"Harbour story {n}") for n in range(13)]
    results = search_articles("harbour")

    assert results.count() == 13
    pages = ids(results[0:5]) + ids(results[5:10]) + ids(results[10:15])
    assert sorted(pages) == sorted(article.pk for article in made)


def test_snippet_highlights_matches_and_escapes_the_story_text(make_article):
    make_article(headline="Tom & Jerry <b>", body="<p>A harbour &lt;script&gt;alert(1)&lt;/script&gt; tale.</p>")

    result = search_articles("harbour")[0]

    assert "<mark>harbour</mark>" in result.search_snippet
    assert "<" not in re.sub("</?mark>", "", result.search_snippet)
    assert result.search_headline == "Tom &amp; Jerry &lt;b&gt;"


def test_editing_a_story_updates_the_index_after_commit(make_article, save_article, django_capture_on_commit_callbacks):
    story = make_article(headline="Harbour news")
    story.headline = "Airport news"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        story.save()
    assert ids(search_articles("airport")[0:10]) == []
    for callback in callbacks:
        callback()

    assert ids(search_articles("airport")[0:10]) == [story.pk]
    assert ids(search_articles("harbour")[0:10]) == []


def test_deleting_a_story_removes_it_from_the_index(make_article):
    story = make_article(headline="Harbour news")
    story.delete()

    assert search_articles("harbour").count() == 0
    assert not SearchEntry.objects.exists()


def test_reindex_command_rebuilds_the_index(make_article):
    story = make_article(headline="Harbour news")
    SearchEntry.objects.all().delete()
    assert search_articles("harbour").count() == 0

    call_command("reindex_search", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert ids(search_articles("harbour")[0:10]) == [story.pk]


def test_stop_words_only_query_is_recognised():
    query = parse_query("the and of")

    assert not query
    assert query.stop_words_only


@pytest.mark.parametrize("raw", HOSTILE_QUERIES)
def test_hostile_queries_never_error(make_article, raw):
    make_article(headline="Harbour boats", body="<p>Harbour boats and NEAR OR words.</p>")

    results = search_articles(raw)

    assert results.count() == len(results[0:10])


@pytest.mark.parametrize("raw", HOSTILE_QUERIES)
def test_search_page_answers_hostile_queries(client, make_article, raw):
    make_article(headline="Harbour boats")

    response = client.get(reverse("discovery:search"), {"q": raw, "page": "x"})

    assert response.status_code == 200


def test_search_page_survives_every_naughty_string(client, make_article, naughty_strings):
    make_article(headline="Harbour boats")
    for raw in naughty_strings:
        response = client.get(reverse("discovery:search"), {"q": raw, "date_from": raw, "section": raw})
        assert response.status_code in (200, 400), raw
        assert "<script>alert" not in response.content.decode()


def test_search_page_shows_highlighted_results_and_pages(client, make_article, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    for n in range(3):
        make_article(headline=f"Harbour story {n}")

    first = client.get(reverse("discovery:search"), {"q": "harbour"})
    second = client.get(reverse("discovery:search"), {"q": "harbour", "page": 2})

    assert first.status_code == 200
    assert "<mark>Harbour</mark>" in first.content.decode()
    assert len(first.context["results"]) == 2
    assert len(second.context["results"]) == 1
    assert 'rel="next"' in first.content.decode()
    assert first["X-Robots-Tag"] == "noindex"


def test_search_page_without_results_suggests_what_to_try(client, make_article):
    make_article(headline="Harbour boats")

    response = client.get(reverse("discovery:search"), {"q": "zeppelin", "section": "world"})

    content = response.content.decode()
    assert "No stories match your search." in content
    assert "Check the spelling" in content
    assert "Search every section and date instead" in content


def test_search_page_explains_a_stop_word_query(client, db):
    response = client.get(reverse("discovery:search"), {"q": "the of and"})

    assert "only had very common words" in response.content.decode()


def test_search_page_refuses_bad_filters_with_a_message(client, db):
    response = client.get(reverse("discovery:search"), {"q": "harbour", "section": "nowhere", "date_from": "soon"})

    content = response.content.decode()
    assert response.status_code == 400
    assert "There is no such section" in content
    assert "Enter a valid date." in content
    assert 'value="harbour"' in content


def test_search_query_count_is_fixed_whatever_the_number_of_results(
    client, make_article, django_assert_max_num_queries, settings
):
    settings.SEARCH_RESULTS_PER_PAGE = 20
    for n in range(15):
        make_article(headline=f"Harbour story {n}")

    # On PostgreSQL the ranked page and its count come from one query, run without parallel
    # workers inside a savepoint (three statements of its own).
    with django_assert_max_num_queries(10):
        client.get(reverse("discovery:search"), {"q": "harbour"})


def test_seed_search_indexes_stories_created_without_signals_and_is_idempotent(section):
    Article.objects.bulk_create(
        [Article(headline="Harbour bulk", slug="bulk", section=section, status=Article.Status.PUBLISHED)]
    )
    assert search_articles("harbour").count() == 0

    call_command("seed_search", verbosity=0)
    call_command("seed_search", verbosity=0)

    assert search_articles("harbour").count() == 1
    assert SearchEntry.objects.count() == 1


@pytest.mark.parametrize("name", ["date_from", "date_to"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_dates_at_the_ends_of_the_calendar_are_refused_with_a_reason(client, db, settings, name, day):
    settings.TIME_ZONE = "Asia/Tokyo"  # local midnight of 0001-01-01 is still 0000 in UTC
    response = client.get(reverse("discovery:search"), {"q": "harbour", name: day})

    assert response.status_code == 400
    assert "Give a date between the years 1000 and 9998." in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_rebuilt_index_gives_back_the_space_of_the_entries_it_replaced(section):
    from django.db import connection

    from discovery.search import reindex_all

    Article.objects.bulk_create(
        [
            Article(headline=f"Harbour {n}", slug=f"h{n}", section=section, status=Article.Status.PUBLISHED)
            for n in range(50)
        ]
    )
    vacuumed = []
    with connection.execute_wrapper(lambda execute, sql, *args: vacuumed.append(sql) or execute(sql, *args)):
        assert reindex_all() == 50  # outside a transaction: VACUUM may run
    assert any(sql.startswith("VACUUM ANALYZE") for sql in vacuumed)
    assert search_articles("harbour").count() == 50
