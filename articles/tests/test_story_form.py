"""The story form as a writer uses it: new tags typed in place, no empty byline row on each edit."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from articles.models import Article, Tag
from articles.tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from articles.tests.test_admin import article_form

pytestmark = pytest.mark.django_db


def test_new_tags_are_typed_in_place_and_made_once(reporter_client):
    section = SectionFactory()
    Tag.objects.create(name="Harbour", slug="harbour")
    data = article_form(section, new_tags=" harbour ,  Bridge works, Bridge works,Ferry  fares ")
    assert reporter_client.post("/admin/articles/article/add/", data).status_code == 302

    story = Article.objects.get(slug="bridge-reopens")
    assert sorted(tag.name for tag in story.tags.all()) == ["Bridge works", "Ferry fares", "Harbour"]
    assert Tag.objects.count() == 3 and Tag.objects.get(name="Ferry fares").slug == "ferry-fares"


def test_someone_who_may_not_make_tags_is_told_and_keeps_their_text():
    section = SectionFactory()
    writer = User.objects.create_user("clerk", is_staff=True)
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_article", "change_article", "view_article"])
    )
    client = Client()
    client.force_login(writer)
    response = client.post("/admin/articles/article/add/", article_form(section, new_tags="Secret tag"))

    assert response.status_code == 200 and "You may not make new tags" in response.content.decode()
    assert 'value="Secret tag"' in response.content.decode()
    assert not Tag.objects.exists() and not Article.objects.exists()


def test_a_story_with_bylines_opens_without_an_empty_byline_row(editor_client):
    story = ArticleFactory(authors=[AuthorFactory(name="Mira Okafor")])
    html = editor_client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert re.search(r'name="bylines-TOTAL_FORMS"[^>]*value="1"', html)
    new = editor_client.get("/admin/articles/article/add/").content.decode()
    assert re.search(r'name="bylines-TOTAL_FORMS"[^>]*value="1"', new)  # the writer's own, to start with
