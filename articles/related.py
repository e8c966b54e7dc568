"""What to read next under a story: related stories and the story before and after it in its section."""

from django.db.models import Count, Q, Value

from articles.models import Article

RELATED_COUNT = 4


def related_stories(article, count=RELATED_COUNT):
    """Stories sharing the most tags with `article` (newest first among equals), then the newest of
    its section, `count` at most, never the story itself: one query."""
    tag_ids = [tag.pk for tag in article.tags.all()]
    shared = Count("tags", filter=Q(tags__in=tag_ids), distinct=True) if tag_ids else Value(0)
    return list(
        Article.objects.published()
        .exclude(pk=article.pk)
        .select_related("section", "lead_image")
        .annotate(shared=shared)
        .filter(Q(shared__gt=0) | Q(section_id=article.section_id))
        .order_by("-shared", "-publish_at")[:count]
    )


def section_neighbours(article):
    """The stories published just before and just after `article` in its section (either may be None)."""
    section = Article.objects.published().filter(section_id=article.section_id).exclude(pk=article.pk)
    fields = ("headline", "slug", "publish_at")
    earlier = (
        section.filter(Q(publish_at__lt=article.publish_at) | Q(publish_at=article.publish_at, pk__lt=article.pk))
        .order_by("-publish_at", "-pk")
        .only(*fields)
        .first()
    )
    later = (
        section.filter(Q(publish_at__gt=article.publish_at) | Q(publish_at=article.publish_at, pk__gt=article.pk))
        .order_by("publish_at", "pk")
        .only(*fields)
        .first()
    )
    return earlier, later
