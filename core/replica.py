"""Whether this request's reads may come from a read replica, which may lag behind.

newsroom/routers.py decides per request (public page reads, nobody who just wrote); anything may
take it back. When what readers see changes (core/pagecache/pages.py invalidates), the rest of that
request reads the primary, and so does every request for DATABASE_REPLICA_LAG_SECONDS after it:
a page rebuilt from a replica that has not caught up yet would otherwise be cached as current.
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache

# True, False, or a check to make at the request's first read (newsroom/routers.py): a page
# answered from the page cache reads nothing, and so asks nothing.
MAY_LAG = ContextVar("reads_may_lag", default=False)
CHANGED_KEY = "replica:changed"


def may_lag():
    """Whether this request's reads may go to the replica (checked once, at the first read)."""
    value = MAY_LAG.get()
    if callable(value):
        value = value()
        MAY_LAG.set(value)
    return value


def enabled():
    return "replica" in settings.DATABASES


def changed():
    """Readers' pages changed just now: read the primary until the replica has caught up."""
    MAY_LAG.set(False)
    if enabled():
        cache.set(CHANGED_KEY, 1, settings.DATABASE_REPLICA_LAG_SECONDS)


def changed_lately():
    return cache.get(CHANGED_KEY) is not None
