"""Keep the search index and the sitemap index's months fresh when stories change.

Wired in `DiscoveryConfig.ready()`. Indexing runs `on_commit`, so a rolled-back save does not
index, and the editor's save is not slowed by failures here (`robust=True` logs them instead).
A bulk writer (the WordPress import) wraps a batch in `indexing_deferred()`: the stories it
saves are indexed together, in a few queries, once the batch is over.
"""

import contextlib
import threading
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from articles.models import Article
from discovery.search import index_article, index_articles
from discovery.sitemaps import month_of, refresh_sitemap_months

_deferred = threading.local()


@contextlib.contextmanager
def indexing_deferred():
    """Index the stories saved inside the block together, when it ends (after its commit)."""
    outer = getattr(_deferred, "ids", None)
    if outer is None:
        _deferred.ids, _deferred.months = set(), set()
    try:
        yield
    finally:
        if outer is None:
            ids, months, _deferred.ids, _deferred.months = _deferred.ids, _deferred.months, None, None
            index_articles(ids)
            refresh_sitemap_months(months)


def index_on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if getattr(_deferred, "ids", None) is not None:
        _deferred.ids.add(instance.pk)
        return
    transaction.on_commit(partial(index_article, instance.pk), robust=True)


def remember_month(sender, instance, raw=False, **kwargs):
    """The month a story was in before this save (it may move to another)."""
    if raw or instance.pk is None:
        return
    before = Article.objects.filter(pk=instance.pk).values_list("publish_at", flat=True).first()
    instance._sitemap_month_before = month_of(before) if before else None


def refresh_months(sender, instance, raw=False, **kwargs):
    if raw:
        return
    months = {month_of(instance.publish_at), getattr(instance, "_sitemap_month_before", None)} - {None}
    if getattr(_deferred, "ids", None) is not None:
        _deferred.months |= months
        return
    transaction.on_commit(partial(refresh_sitemap_months, months), robust=True)


def connect():
    post_save.connect(index_on_save, sender=Article, dispatch_uid="discovery.index_on_save")
    pre_save.connect(remember_month, sender=Article, dispatch_uid="discovery.remember_month")
    post_save.connect(refresh_months, sender=Article, dispatch_uid="discovery.refresh_months_on_save")
    post_delete.connect(refresh_months, sender=Article, dispatch_uid="discovery.refresh_months_on_delete")
