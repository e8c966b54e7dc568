"""What the page cache stores for a page (`StoredPage`), and the pages this process served lately,
kept beside the shared cache.

A hit then reads only the two small version numbers from the shared cache, not the page (a
story with 500 comments is 424 KB). A copy is used only while both versions still match and the
time it was stored for is not up, so it is never staler than the shared cache's. At most
PAGE_CACHE_LOCAL_BYTES of pages are kept, the least recently served going first.

`KeptCopies` is that store; fragments.py keeps its rendered blocks in one too.
"""

import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings


class KeptCopies:
    """Values this process used lately, each good until `until(value)`, at most the setting
    `budget` bytes of them (by `size(value)`), the least recently used going first. A value over
    an eighth of the budget is not worth a place."""

    def __init__(self, budget, *, size, until):
        self.budget, self.size, self.until = budget, size, until
        self.entries = OrderedDict()
        self.used = [0]  # bytes

    def keep(self, key, value):
        budget = getattr(settings, self.budget)
        if self.size(value) > budget // 8:
            return
        self.forget(key)
        self.entries[key] = value
        self.used[0] += self.size(value)
        while self.used[0] > budget:
            self.forget(next(iter(self.entries)))

    def forget(self, key):
        value = self.entries.pop(key, None)
        if value is not None:
            self.used[0] -= self.size(value)

    def get(self, key):
        value = self.entries.get(key)
        if value is None:
            return None
        if self.until(value) <= time.time():
            self.forget(key)
            return None
        self.entries.move_to_end(key)
        return value


@dataclass(frozen=True)
class StoredPage:
    """A page as stored for every reader: built under `address_version` (its address's version,
    versions.py), answered with `status`, `headers` and `content` (and `gzipped`, the same
    compressed, for pages worth it) until `good_until` (a time.time() moment)."""

    address_version: int
    status: int
    headers: list
    content: bytes
    good_until: float
    gzipped: bytes | None = None

    @property
    def size(self):
        return len(self.content) + len(self.gzipped or b"")


_pages = KeptCopies("PAGE_CACHE_LOCAL_BYTES", size=lambda stored: stored.size, until=lambda stored: stored.good_until)
kept, kept_bytes = _pages.entries, _pages.used  # page key: stored page; their bytes


def keep(key, stored):
    _pages.keep(key, stored)


def kept_copy(key, address_version):
    stored = _pages.get(key)
    if stored is not None and stored.address_version != address_version:
        _pages.forget(key)
        return None
    return stored
