import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from articles.related import related_stories, section_neighbours
from articles.tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def at(hours_ago):
    return timezone.now() - datetime.timedelta(hours=hours_ago)


def test_related_stories_share_the_most_tags_first_then_come_from_the_section():
    harbour, council, weather = TagFactory(name="Harbour"), TagFactory(name="Council"), TagFactory(name="Weather")
    story = ArticleFactory(tags=[harbour, council])
    both = ArticleFactory(tags=[harbour, council], publish_at=at(30))
    one_newer = ArticleFactory(tags=[council], publish_at=at(2))
    ArticleFactory(tags=[weather], publish_at=at(1))  # nothing in common, other section
    same_section = ArticleFactory(section=story.section, publish_at=at(3))
    ArticleFactory(tags=[harbour], status=Article.Status.DRAFT)  # never shown
    ArticleFactory(tags=[harbour], publish_at=timezone.now() + datetime.timedelta(hours=1))  # not yet

    assert related_stories(story) == [both, one_newer, same_section]
    assert story not in related_stories(story)


def test_neighbours_are_the_stories_just_before_and_after_in_the_section():
    section = SectionFactory()
    older, story, newer = (ArticleFactory(section=section, publish_at=at(hours)) for hours in (5, 3, 1))
    ArticleFactory(section=section, publish_at=at(10))
    ArticleFactory(publish_at=at(2))  # another section
    ArticleFactory(section=section, status=Article.Status.DRAFT, publish_at=at(2))

    assert section_neighbours(story) == (older, newer)
    assert section_neighbours(older)[1] == story
    assert section_neighbours(newer)[1] is None


def test_the_story_page_links_previous_next_and_related(client):
    section = SectionFactory(name="Coast")
    older = ArticleFactory(section=section, publish_at=at(5), headline="Older coast story")
    story = ArticleFactory(section=section, publish_at=at(3))
    newer = ArticleFactory(section=section, publish_at=at(1), headline="Newer coast story")

    html = client.get(story.get_absolute_url()).content.decode()

    assert f'href="{older.get_absolute_url()}" rel="prev"' in html and "Previous in Coast" in html
    assert f'href="{newer.get_absolute_url()}" rel="next"' in html and "Next in Coast" in html
    assert "Related stories" in html and "Older coast story" in html


def test_read_next_ranks_only_the_newest_few_of_each_tag_and_of_the_section(django_assert_max_num_queries):
    from django.db import connection

    from articles.related import CANDIDATES_PER_SOURCE, related_candidates

    harbour = TagFactory(name="Harbour")
    story = ArticleFactory(tags=[harbour])
    oldest_mate = ArticleFactory(tags=[harbour], publish_at=at(500))
    ArticleFactory.create_batch(CANDIDATES_PER_SOURCE + 5, tags=[harbour], section=story.section)

    sql, params = related_candidates(story.section_id, [harbour.pk], timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        candidates = [row[0] for row in cursor.fetchall()]
    assert len(candidates) <= 2 * CANDIDATES_PER_SOURCE  # one tag and the section, however many share them
    assert oldest_mate.pk not in candidates
    with django_assert_max_num_queries(2):  # the story's tags, then one query
        assert len(related_stories(story)) == 4
