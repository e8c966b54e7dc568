"""A cache that is only ever an accelerator: when Redis fails, the site goes on without it.

Django's Redis backend raises when Redis is down, frozen or out of memory, and every page
read, vote and comment answered 500. `ResilientRedisCache` turns any Redis error into a miss:
reads return their default, writes report failure, counters start again from nothing. After an
error it leaves Redis alone for `CACHE_RETRY_SECONDS` (a circuit breaker), so a dead or frozen
Redis costs one short timeout per worker thread (Django keeps a cache object per thread), not
one per request. Connect and read timeouts
come from `CACHE_TIMEOUT_SECONDS` (settings.py), well under a second.

What a miss means for each user of the cache:
- page cache and kept blocks (core/pagecache/fragments.py): pages are rendered fresh, and each process
  keeps only its own copies; invalidations made while Redis was away are lost, so a page or
  block kept then may be served stale for up to PAGE_CACHE_SECONDS;
- rate limits (votes, sign-ups): they fail open. A cache outage must not lock every reader
  out, and the writes they protect are cheap and bounded: one vote per reader per story,
  double opt-in for sign-ups. Comment flood control reads the comments table, so it holds.
"""

import functools
import logging
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


# Run once the cache answers again after a write to it was lost (a version bump that would have
# made pages stale, say): core/pagecache/versions.py makes every page stale then. Functions, no arguments.
AFTER_LOST_WRITES = []


def _failing_soft(default, *, writes=False):
    """Run the cache call; on a Redis error (or while the breaker is open) return `default(args)`.
    `writes`: the call changes the cache, so losing it is remembered (AFTER_LOST_WRITES)."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self._down_until:
                self._lost_writes = self._lost_writes or writes
                return default(*args, **kwargs)
            try:
                answer = method(self, *args, **kwargs)
            except RedisError as error:
                self._lost_writes = self._lost_writes or writes
                self._trip(error)
                return default(*args, **kwargs)
            if self._outage_started is not None:
                self._recovered()
            return answer

        return wrapper

    return decorate


def _nothing(*args, **kwargs):
    return None


def _failed(*args, **kwargs):
    return False


def _requested_default(key, default=None, *args, **kwargs):
    return default


def _no_entries(*args, **kwargs):
    return {}


def _every_key_failed(data, *args, **kwargs):
    return list(data)


def _fresh_count(key, delta=1, *args, **kwargs):
    return delta


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every cache call, and redis-py 8 fills a
    table of ~170 response callbacks each time (about 150 µs, more than the round trip to a
    local Redis). One client per connection pool does the same work: they are thread-safe."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._down_until = 0.0
        self._outage_started = None  # when the current outage began (monotonic), or None
        self._lost_writes = False  # a write was dropped during the outage

    def _trip(self, error):
        """Every outage is logged when it starts, and when it ends (_recovered)."""
        if self._outage_started is None:
            self._outage_started = time.monotonic()
            logger.warning("Cache unavailable (%s: %s); serving without it.", type(error).__name__, error)
        self._down_until = time.monotonic() + settings.CACHE_RETRY_SECONDS

    def _recovered(self):
        lasted, self._outage_started = time.monotonic() - self._outage_started, None
        logger.warning("Cache available again after %.0f s without it.", lasted)
        if self._lost_writes:
            self._lost_writes = False
            for repair in AFTER_LOST_WRITES:
                repair()

    @property
    def is_available(self):
        return time.monotonic() >= self._down_until

    get = _failing_soft(_requested_default)(RedisCache.get)
    get_many = _failing_soft(_no_entries)(RedisCache.get_many)
    has_key = _failing_soft(_failed)(RedisCache.has_key)
    add = _failing_soft(_failed, writes=True)(RedisCache.add)
    set = _failing_soft(_failed, writes=True)(RedisCache.set)
    set_many = _failing_soft(_every_key_failed, writes=True)(RedisCache.set_many)
    touch = _failing_soft(_failed, writes=True)(RedisCache.touch)
    delete = _failing_soft(_failed, writes=True)(RedisCache.delete)
    delete_many = _failing_soft(_nothing, writes=True)(RedisCache.delete_many)
    incr = _failing_soft(_fresh_count, writes=True)(RedisCache.incr)
    clear = _failing_soft(_failed, writes=True)(RedisCache.clear)
