"""The public pages read through prepared queries (core/prepared.py): once a page has been
built, building it again compiles no SQL, and shows the same as before."""

from unittest import mock

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.test import Client
from django.test.utils import override_settings

from articles.models import KeyPoint
from articles.tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    section, other = SectionFactory(name="World"), SectionFactory(name="Sport")
    tag, author = TagFactory(name="Harbour"), AuthorFactory(name="Amara Okafor")
    stories = [
        ArticleFactory(section=section if n % 2 else other, authors=[author], tags=[tag], lead_image=ImageFactory())
        for n in range(25)
    ]
    story = stories[3]
    KeyPoint.objects.create(article=story, text="Open again", order=0)
    return {
        "home": "/",
        "section": section.get_absolute_url(),
        "tag": tag.get_absolute_url(),
        "author": author.get_absolute_url(),
        "year": f"/{story.publish_at.year}/",
        "story": story.get_absolute_url(),
    }


@override_settings(FRAGMENT_CACHE=False, PREPARED_QUERIES_CHECKED=False)
@pytest.mark.parametrize("page", ["home", "section", "tag", "author", "year", "story"])
def test_a_public_page_built_again_compiles_no_sql(pages, page):
    reader = Client()
    reader.cookies["messages"] = "x"  # the page cache steps aside: the page is built
    first = reader.get(pages[page]).content.decode()
    compiled = mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("SQL compiled again"))
    with compiled:
        again = reader.get(pages[page])
    assert again.status_code == 200
    assert again.content.decode().count("story-card") == first.count("story-card")
    assert "Amara Okafor" in again.content.decode()


@override_settings(FRAGMENT_CACHE=False)
def test_a_deep_page_is_read_through_the_orm_and_matches_the_first(pages):
    reader = Client()
    reader.cookies["messages"] = "x"
    first, second = (reader.get(f"{pages['tag']}?page={number}").content.decode() for number in (1, 2))
    assert (first.count('<article class="story-card'), second.count('<article class="story-card')) == (20, 5)
    assert second.count('rel="author"') == 5
