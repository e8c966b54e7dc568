"""The pages this process served lately, kept beside the shared page cache (core/pagecache.py).

A hit then reads only the two small version numbers from the shared cache, not the page (a
story with 500 comments is 440 KB). A copy is used only while both versions still match and the
time it was stored for is not up, so it is never staler than the shared cache's. At most
PAGE_CACHE_LOCAL_BYTES of pages are kept, the least recently served going first.
"""

import time
from collections import OrderedDict

from django.conf import settings

kept = OrderedDict()  # page key: stored page
kept_bytes = [0]


def size(stored):
    return len(stored[3]) + (len(stored[6] or b"") if len(stored) > 6 else 0)


def keep(key, stored):
    if len(stored) < 6 or size(stored) > settings.PAGE_CACHE_LOCAL_BYTES // 8:
        return  # stored before copies carried their expiry, or too big to be worth a place
    forget(key)
    kept[key] = stored
    kept_bytes[0] += size(stored)
    while kept_bytes[0] > settings.PAGE_CACHE_LOCAL_BYTES:
        forget(next(iter(kept)))


def forget(key):
    stored = kept.pop(key, None)
    if stored is not None:
        kept_bytes[0] -= size(stored)


def kept_copy(key, address_version):
    stored = kept.get(key)
    if stored is None:
        return None
    if stored[0] != address_version or stored[5] <= time.time():
        forget(key)
        return None
    kept.move_to_end(key)
    return stored
