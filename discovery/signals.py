"""Keep the search index fresh when stories change.

Wired in `DiscoveryConfig.ready()`. Indexing runs `on_commit`, so a rolled-back save does not
index, and the editor's save is not slowed by failures here (`robust=True` logs them instead).
A bulk writer (the WordPress import) wraps a batch in `indexing_deferred()`: the stories it
saves are indexed together, in a few queries, once the batch is over.
"""

import contextlib
import threading
from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

from articles.models import Article
from discovery.search import index_article, index_articles

_deferred = threading.local()


@contextlib.contextmanager
def indexing_deferred():
    """Index the stories saved inside the block together, when it ends (after its commit)."""
    outer = getattr(_deferred, "ids", None)
    _deferred.ids = set() if outer is None else outer
    try:
        yield
    finally:
        if outer is None:
            ids, _deferred.ids = _deferred.ids, None
            index_articles(ids)


def index_on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if getattr(_deferred, "ids", None) is not None:
        _deferred.ids.add(instance.pk)
        return
    transaction.on_commit(partial(index_article, instance.pk), robust=True)


def connect():
    post_save.connect(index_on_save, sender=Article, dispatch_uid="discovery.index_on_save")
