import pytest
from django.core.management import call_command

from articles.models import Article, Author, Image, Section

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in (Section, Author, Article, Image)]


def test_demo_newsroom_is_realistic_and_loading_it_twice_changes_nothing(client):
    call_command("seed_articles", verbosity=0)
    first = counts()
    call_command("seed_articles", verbosity=0)

    assert counts() == first
    # Every picture's renditions are made (on every core at once, after the stories are in).
    assert not Image.objects.filter(rendition_widths=[]).exists()
    sections, authors, articles, _images = first
    assert sections >= 4 and authors >= 6 and articles >= 30
    assert Article.objects.published().count() < articles  # scheduled, drafts and in review too
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    story = Article.objects.published().exclude(lead_image=None).first()
    assert story.key_points.exists() and "<blockquote>" in story.body
    assert client.get(story.get_absolute_url()).status_code == 200
