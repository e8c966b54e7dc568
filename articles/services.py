"""Writes with side effects on articles: publishing and taking back."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles.models import Article


def _require_publisher(by):
    if not by.has_perm("articles.publish_article"):
        raise PermissionDenied("Only editors may publish or unpublish stories.")


@transaction.atomic
def article_publish(*, article, by):
    """Publish now, as `by` (who must have the publish permission). A story that was out before
    keeps its original time (and so its address)."""
    _require_publisher(by)
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.is_published:
        return article
    now = timezone.now()
    if article.first_published_at is None or article.publish_at > now:
        article.publish_at = now
    article.status = Article.Status.PUBLISHED
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def article_unpublish(*, article, by):
    """Return a story to draft, as `by` (who must have the publish permission): it leaves the
    public site at once."""
    _require_publisher(by)
    article = Article.objects.select_for_update().get(pk=article.pk)
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    return article
