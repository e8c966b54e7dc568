import pytest
from django.utils import timezone

from articles.models import Article, Section


@pytest.fixture
def section(db):
    return Section.objects.create(name="World", slug="world")


def make_article(section, **kwargs):
    defaults = {"headline": "A story", "slug": "a-story", "section": section, "status": Article.Status.PUBLISHED}
    defaults.update(kwargs)
    return Article.objects.create(**defaults)


def test_published_includes_only_published_stories_whose_time_has_come(section):
    now = timezone.now()
    live = make_article(section, slug="live", publish_at=now - timezone.timedelta(minutes=1))
    make_article(section, slug="scheduled", publish_at=now + timezone.timedelta(hours=1))
    make_article(section, slug="draft", status=Article.Status.DRAFT, publish_at=now - timezone.timedelta(days=1))
    make_article(section, slug="review", status=Article.Status.IN_REVIEW, publish_at=now - timezone.timedelta(days=1))

    assert list(Article.objects.published()) == [live]
