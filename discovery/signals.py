"""Keep the search index fresh when stories change.

Wired in `DiscoveryConfig.ready()`. Indexing runs `on_commit`, so a rolled-back save does not
index, and the editor's save is not slowed by failures here (`robust=True` logs them instead).
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

from articles.models import Article
from discovery.search import index_article


def index_on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    transaction.on_commit(partial(index_article, instance.pk), robust=True)


def connect():
    post_save.connect(index_on_save, sender=Article, dispatch_uid="discovery.index_on_save")
