"""Counting requests per client in the shared cache, for the features' rate limits.

Addresses are never stored: keys use a keyed hash, and entries expire after two windows.
Works across processes and hosts when the cache is Redis.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache


def keyed_hash(purpose, value):
    """HMAC-SHA256 of `value` with SECRET_KEY, separated by `purpose`."""
    return hmac.new(settings.SECRET_KEY.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def over_limit(scope, client, *, limit, window_seconds):
    """Count one more request from `client` in `scope`; True when it goes past `limit` in this window."""
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{keyed_hash(scope, client)[:32]}:{window}"
    cache.add(key, 0, timeout=window_seconds * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds * 2)
        count = 1
    return count > limit
