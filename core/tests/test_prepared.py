"""Prepared queries: compiled once, the same rows as their queryset, refused when they cannot be."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from articles.models import Article, Byline
from articles.tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from core.prepared import PreparedQuery, prefetch_into

pytestmark = pytest.mark.django_db


def in_section(section_id, now):
    return Article.objects.published(now=now).filter(section_id=section_id).order_by("-publish_at", "-pk")


def test_a_prepared_query_gives_the_querysets_rows_and_compiles_once():
    world, sport = SectionFactory(), SectionFactory()
    stories = ArticleFactory.create_batch(3, section=world)
    ArticleFactory(section=sport)
    ArticleFactory(section=world, publish_at=timezone.now() + datetime.timedelta(days=1))  # not yet
    prepared = PreparedQuery(in_section, section_id=int, now=datetime.datetime)
    compile_sql = SQLCompiler.as_sql
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=compile_sql) as compiled:
        for section in (world, sport, world):
            now = timezone.now()
            assert prepared(section_id=section.pk, now=now) == list(in_section(section.pk, now))
    # Two compiles with probe values to prepare it, then one per run for the check the tests make
    # (PREPARED_QUERIES_CHECKED) and one for each list(in_section(…)) above: nothing else.
    assert compiled.call_count == 2 + 3 + 3
    assert {story.pk for story in prepared(section_id=world.pk, now=timezone.now())} == {s.pk for s in stories}


@override_settings(PREPARED_QUERIES_CHECKED=False)
def test_without_the_check_a_run_compiles_nothing():
    section = SectionFactory()
    ArticleFactory(section=section)
    prepared = PreparedQuery(in_section, section_id=int, now=datetime.datetime)
    prepared(section_id=section.pk, now=timezone.now())
    compiling = mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("compiled again"))
    with compiling, CaptureQueriesContext(connection) as queries:
        assert len(prepared(section_id=section.pk, now=timezone.now())) == 1
    assert len(queries) == 1


def test_joins_come_with_the_rows():
    story = ArticleFactory()
    prepared = PreparedQuery(lambda pk: Article.objects.select_related("section").filter(pk=pk), pk=int)
    (found,) = prepared(pk=story.pk)
    with CaptureQueriesContext(connection) as queries:
        assert found.section.name == story.section.name
    assert len(queries) == 0


def test_a_list_of_values_is_compiled_for_each_length():
    first, second, third = ArticleFactory.create_batch(3)
    prepared = PreparedQuery(lambda ids: Article.objects.filter(pk__in=ids).order_by("pk"), ids=(int,))
    assert prepared(ids=(first.pk,)) == [first]
    assert prepared(ids=(second.pk, third.pk)) == [second, third]
    assert prepared(ids=(third.pk,)) == [third]
    assert len(prepared._compiled) == 2


def test_the_sql_can_be_put_inside_another_query():
    story = ArticleFactory(headline="Harbour reopens")
    prepared = PreparedQuery(lambda slug: Article.objects.filter(slug=slug).values("headline"), slug=str)
    sql, params = prepared.sql_with_params(slug=story.slug)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({sql}) AS found", params)  # noqa: S608
        assert cursor.fetchall() == [("Harbour reopens",)]


def test_a_value_the_query_changes_is_refused():
    prepared = PreparedQuery(lambda word: Article.objects.filter(headline__contains=word), word=str)
    with pytest.raises(ImproperlyConfigured, match="changes its value"):
        prepared(word="harbour")


def test_a_value_that_changes_the_sql_is_refused():
    prepared = PreparedQuery(lambda count: Article.objects.all()[:count], count=int)
    with pytest.raises(ImproperlyConfigured, match="SQL changes with the values"):
        prepared(count=3)


def test_the_check_sees_a_builder_that_does_not_follow_its_values():
    outside = {"section": SectionFactory().pk}
    prepared = PreparedQuery(lambda pk: Article.objects.filter(pk=pk, section_id=outside["section"]), pk=int)
    prepared(pk=1)
    outside["section"] = SectionFactory().pk  # the prepared query still holds the first one
    with pytest.raises(AssertionError, match="where the queryset gives"):
        prepared(pk=1)


def test_values_are_named_as_declared():
    prepared = PreparedQuery(lambda pk: Article.objects.filter(pk=pk), pk=int)
    with pytest.raises(TypeError, match="takes exactly pk"):
        prepared(id=1)


def test_prefetched_rows_are_what_the_relation_gives():
    ann, bob = AuthorFactory(name="Ann"), AuthorFactory(name="Bob")
    story, other = ArticleFactory(authors=[ann, bob]), ArticleFactory(authors=[bob])
    rows = list(Byline.objects.filter(article__in=[story, other]).select_related("author"))
    prefetch_into([story, other], "bylines", rows, owner=lambda byline: byline.article_id)
    with CaptureQueriesContext(connection) as queries:
        assert [byline.author.name for byline in story.bylines.all()] == ["Ann", "Bob"]
        assert [byline.author.name for byline in other.bylines.all()] == ["Bob"]
        assert story.bylines.all()[0].article is story
    assert len(queries) == 0
    # Narrowed further, the relation asks the database, for this story only.
    assert [byline.author for byline in story.bylines.filter(author=bob)] == [bob]


def test_a_many_to_many_relation_can_be_prefetched_too():
    harbour = TagFactory()
    story = ArticleFactory(tags=[harbour])
    prefetch_into([story], "tags", [harbour], owner=lambda tag: story.pk)
    with CaptureQueriesContext(connection) as queries:
        assert list(story.tags.all()) == [harbour]
    assert len(queries) == 0


def test_a_page_of_rows_and_a_bounded_count():
    section = SectionFactory()
    stories = [
        ArticleFactory(section=section, publish_at=timezone.now() - datetime.timedelta(hours=n)) for n in range(5)
    ]
    prepared = PreparedQuery(in_section, section_id=int, now=datetime.datetime)
    values = {"section_id": section.pk, "now": timezone.now()}
    assert prepared.rows(1, 3, **values) == stories[1:3]
    assert prepared.count_upto(3, **values) == 3  # counted no further than asked
    assert prepared.count_upto(100, **values) == 5
    assert prepared.count_upto(100, section_id=SectionFactory().pk, now=timezone.now()) == 0


def test_values_may_be_named_as_the_page_and_count_arguments():
    story = ArticleFactory()
    prepared = PreparedQuery(
        lambda start, limit: Article.objects.filter(pk__gte=start, pk__lte=limit), start=int, limit=int
    )
    assert prepared.rows(0, 1, start=story.pk, limit=story.pk) == [story]
    assert prepared.count_upto(5, start=story.pk, limit=story.pk) == 1


def test_fetched_rows_are_handed_on():
    story = ArticleFactory()
    handed = []
    prepared = PreparedQuery(lambda pk: Article.objects.filter(pk=pk), after_fetch=handed.append, pk=int)
    prepared(pk=story.pk)
    prepared(pk=story.pk + 1000)  # nothing found: nothing handed on
    assert handed == [[story]]


def test_pages_asked_one_by_one_keep_only_the_latest_shapes(monkeypatch):
    monkeypatch.setattr("core.prepared.MOST_KEPT", 3)
    ArticleFactory.create_batch(2)
    prepared = PreparedQuery(lambda: Article.objects.order_by("pk"))
    for start in range(6):
        prepared.rows(start, start + 1)
    assert len(prepared._compiled) == 3


on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@on_postgresql
def test_on_postgresql_a_prepared_query_runs_as_a_prepared_statement_and_is_logged_with_its_values():
    section = SectionFactory()
    story = ArticleFactory(section=section)
    prepared = PreparedQuery(in_section, section_id=int, now=datetime.datetime)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(2):
            assert prepared(section_id=section.pk, now=timezone.now()) == [story]
    assert f'"section_id" = {section.pk}' in queries[-1]["sql"]  # the log shows the values, as for any query
    statements = [sql for sql in prepared_statements() if '"articles_article"."section_id" = $' in sql]
    assert len(statements) == 1  # prepared once on this connection, run twice
    assert prepared.count_upto(5, section_id=section.pk, now=timezone.now()) == 1
    assert any(sql.startswith("SELECT COUNT(*) FROM (") for sql in prepared_statements())


@on_postgresql
def test_with_prepared_statements_turned_off_nothing_is_prepared(monkeypatch):
    section = SectionFactory()
    ArticleFactory(section=section)
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)  # DATABASE_PREPARED_STATEMENTS=0
    before = prepared_statements()
    prepared = PreparedQuery(in_section, section_id=int, now=datetime.datetime)
    assert len(prepared(section_id=section.pk, now=timezone.now())) == 1
    assert prepared_statements() == before


@pytest.mark.parametrize(("setting", "threshold"), [(None, "2147483648"), ("0", "None")])
def test_database_prepared_statements_sets_psycopgs_threshold(setting, threshold):
    from newsroom.tests.test_settings import manage

    result = manage(
        "shell",
        "-v0",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['prepare_threshold'])",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/not_connected_to",
        DATABASE_PREPARED_STATEMENTS=setting,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [threshold]


def test_the_columns_converters_are_made_once_and_still_convert():
    section = SectionFactory()
    story = ArticleFactory(section=section)
    prepared = PreparedQuery(in_section, section_id=int, now=datetime.datetime)
    with mock.patch.object(
        SQLCompiler, "get_converters", autospec=True, side_effect=SQLCompiler.get_converters
    ) as made:
        runs = [prepared(section_id=section.pk, now=timezone.now()) for _ in range(3)]
    assert made.call_count == 1  # three runs (the check the tests make compiles, but reads no rows)
    for (found,) in runs:
        assert found.publish_at == story.publish_at and found.publish_at.tzinfo is not None


@on_postgresql
def test_one_cursor_per_database_connection_runs_the_statements():
    section = SectionFactory()
    ArticleFactory(section=section)
    prepared = PreparedQuery(in_section, section_id=int, now=datetime.datetime)
    prepared(section_id=section.pk, now=timezone.now())
    kept = connection.prepared_statement_cursor
    prepared(section_id=section.pk, now=timezone.now())
    prepared.count_upto(3, section_id=section.pk, now=timezone.now())
    assert connection.prepared_statement_cursor is kept and not kept.closed
    kept.close()  # as when its connection goes: the next run makes another
    assert len(prepared(section_id=section.pk, now=timezone.now())) == 1
    assert connection.prepared_statement_cursor is not kept
