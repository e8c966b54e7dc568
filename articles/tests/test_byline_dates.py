"""Each byline carries its story's publish_at (the author page's index): set when it is made,
moved when the story's date moves, by every path that makes bylines."""

import pytest
from django.utils import timezone

from articles.models import Article, Author, Byline
from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def dates_in_step():
    return all(byline.publish_at == byline.article.publish_at for byline in Byline.objects.select_related("article"))


def test_a_byline_takes_its_storys_date_and_follows_it():
    story = ArticleFactory()
    author = Author.objects.create(name="Mira Okafor", slug="mira-okafor")
    Byline.objects.create(article=Article.objects.get(pk=story.pk), author=author)  # its story read afresh
    Byline.objects.create(article_id=story.pk, author=Author.objects.create(name="B", slug="b"), order=1)
    assert Byline.objects.filter(article=story).count() >= 2 and dates_in_step()

    story.publish_at = timezone.now() - timezone.timedelta(days=400)
    story.save()
    assert dates_in_step()
    story.headline = "Only the headline"
    story.save(update_fields=["headline"])
    assert dates_in_step()


def test_an_authors_page_lists_the_newest_first_by_the_bylines_dates(client):
    author = Author.objects.create(name="Mira Okafor", slug="mira-okafor")
    now = timezone.now()
    stories = [ArticleFactory(headline=f"Story {n}", publish_at=now - timezone.timedelta(days=n + 1)) for n in range(3)]
    for story in stories:
        Byline.objects.create(article=story, author=author)
    stories[2].publish_at = now + timezone.timedelta(hours=1)  # moved to the future: not shown yet
    stories[2].save()
    stories[1].publish_at = now - timezone.timedelta(minutes=1)  # moved ahead of story 0
    stories[1].save()

    html = client.get("/author/mira-okafor/").content.decode()
    assert html.index("Story 1") < html.index("Story 0") and "Story 2" not in html


def test_the_demo_keeps_bylines_in_step():
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0, without_renditions=True)
    assert Byline.objects.exists() and dates_in_step()
