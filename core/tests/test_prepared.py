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
