"""The public pages' own queries, compiled once (core/prepared.py): the story found by its
address, what its page shows besides the story's row (bylines, tags, key points, and what
features declare: ArticleQuerySet.for_page reads the same with prefetch_related), and the
bylines of a list's cards (ArticleQuerySet.for_listing reads the same)."""

import datetime
import functools

from django.db.models import Prefetch

from articles.models import Article, card_bylines, page_joins, page_prefetches
from core.prepared import PreparedQuery, prefetch_into

STORIES_AT_SLUG = PreparedQuery(
    lambda slug, now: Article.objects.published(now=now).select_related(*page_joins()).filter(slug=slug),
    slug=str,
    now=datetime.datetime,
)


def _related_of_one_story(name, queryset):
    """`story.<name>.all()` for the story whose pk is given (through `queryset`, a Prefetch's)."""

    def build(pk):
        manager = getattr(Article(pk=pk), name)
        return manager.all() if queryset is None else manager._apply_rel_filters(queryset)

    return PreparedQuery(build, pk=int)


@functools.cache
def page_relations():
    """(name, prepared query) for each prefetch the story page declares, made on first use
    (features declare theirs when their apps are ready)."""
    relations = []
    for lookup in page_prefetches():
        name, queryset = (lookup.prefetch_to, lookup.queryset) if isinstance(lookup, Prefetch) else (lookup, None)
        if "__" in name:
            raise ValueError(f"The story page prefetches one relation deep, not {name!r}.")
        relations.append((name, _related_of_one_story(name, queryset)))
    return relations


def prefetch_story_page(article):
    """Read what the story's page shows besides its row: one query each, compiled once; what is
    read already (another block of the page asked first) is not read again."""
    fetched = getattr(article, "_prefetched_objects_cache", {})
    for name, rows_of in page_relations():
        if name in fetched:
            continue
        rows = rows_of(pk=article.pk)
        prefetch_into([article], name, rows, owner=lambda row: article.pk)


CARD_BYLINES = PreparedQuery(lambda ids: card_bylines().filter(article__in=ids), ids=(int,))


def prefetch_card_bylines(stories):
    """The bylines of a list's cards, in one query compiled once for each number of stories."""
    bylines = CARD_BYLINES(ids=tuple(story.pk for story in stories))
    prefetch_into(stories, "bylines", bylines, owner=lambda byline: byline.article_id)
