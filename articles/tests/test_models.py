from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory


def test_published_includes_only_published_stories_whose_time_has_come(section):
    now = timezone.now()
    live = ArticleFactory(section=section, slug="live", publish_at=now - timezone.timedelta(minutes=1))
    ArticleFactory(section=section, slug="scheduled", publish_at=now + timezone.timedelta(hours=1))
    ArticleFactory(
        section=section, slug="draft", status=Article.Status.DRAFT, publish_at=now - timezone.timedelta(days=1)
    )
    ArticleFactory(
        section=section, slug="review", status=Article.Status.IN_REVIEW, publish_at=now - timezone.timedelta(days=1)
    )

    assert list(Article.objects.published()) == [live]
