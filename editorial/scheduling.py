"""When the next scheduled change to a live story is due, kept in the cache so that checking costs nothing."""

from django.core.cache import cache
from django.db import transaction

from editorial.models import Revision

NEXT_KEY = "editorial:next-change"
NONE = "none"
# How long the answer is kept. Short, so that nothing depends on a delete reaching the cache: a
# schedule made while Redis stalled (its delete lost), or an answer read just before a schedule
# committed, is corrected within this time. Workers also look without the cache (core.due).
KEPT_SECONDS = 60


def next_change_at():
    """When the next scheduled change is due (None if none), read from the cache when it can."""
    cached = cache.get(NEXT_KEY)
    if cached is not None:
        return None if cached == NONE else cached
    moment = Revision.objects.scheduled().order_by("apply_at").values_list("apply_at", flat=True).first()
    cache.set(NEXT_KEY, moment or NONE, KEPT_SECONDS)
    return moment


def forget_next_change():
    """The schedule changed: read it afresh once this transaction is committed."""
    transaction.on_commit(lambda: cache.delete(NEXT_KEY))
