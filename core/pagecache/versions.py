"""The version numbers that make cached pages and kept blocks stale (pages.py,
fragments.py). They live in the shared cache, so every process agrees.

- The **site** version is part of every cached page's key: bumped, every page is stale (a story
  saved: its page, the lists and feeds showing it).
- Each **address** has a version of its own, stored with its pages and blocks: bumped, that
  page is stale and no other (a comment approved under a story; a story's own text changed).
- The **shared** version covers what many pages show besides their own story: authors,
  pictures, sections, tags, the site's pages. Blocks that show one story (its text, its thread)
  are keyed by it and by their address's version instead of the site version, so saving one
  story leaves every other story's blocks kept.

Every version starts from a random number whenever the shared cache has none, so a flushed or
restarted Redis, or a version evicted from it, can never match a copy kept from before.
"""

import hashlib
import secrets
from typing import NamedTuple

from django.core.cache import cache
from django.utils.encoding import uri_to_iri

from core import replica
from core.cache import AFTER_LOST_WRITES
from core.pagecache.purge import purge

VERSION_KEY = "pagecache:version"
SHARED_KEY = "pagecache:shared"


class Versions(NamedTuple):
    site: int
    address: int
    shared: int


def new_epoch():
    """A version no process has seen."""
    return secrets.randbits(48)


def digest(text):
    # Hashed: any address makes a short key of one shape, whatever its length or characters.
    return hashlib.sha256(text.encode()).hexdigest()


def address_key(path):
    return f"pagecache:address:{digest(uri_to_iri(path))}"  # a request's path decoded or encoded alike


# While the shared cache does not answer, every version reads as this process's number for that
# outage, new for each one: a page this process kept during one outage is never served in the
# next (the changes made between them could not reach it).
_while_away = [None]


def _started(key):
    """The version under `key`, started from a random number if it has none: a version whose key
    the cache dropped (evicted, flushed) never starts again from a number used before."""
    version = cache.get(key)
    if version is None:
        cache.add(key, new_epoch(), timeout=None)
        version = cache.get(key)
    if version is None:  # the cache is away
        if _while_away[0] is None:
            _while_away[0] = new_epoch()
        return _while_away[0]
    return version


def site_version():
    return _started(VERSION_KEY)


def current_versions(path):
    """The site's, `path`'s and the shared version, in one cache round trip (more only for a
    version not started yet)."""
    address = address_key(path)
    found = cache.get_many([VERSION_KEY, address, SHARED_KEY])
    return Versions(*(found.get(key) or _started(key) for key in (VERSION_KEY, address, SHARED_KEY)))


def address_version(path, found=None):
    """`path`'s version, from what a cache read already `found` when it holds it."""
    key = address_key(path)
    version = (found or {}).get(key)
    return _started(key) if version is None else version


def _bump(key, start):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, start(), timeout=None)


def invalidate_public_pages():
    """Make every cached public page and kept block stale (call after commit when readers would
    see a change: an author, a picture, a section, a tag, a page of the site…)."""
    _bump(VERSION_KEY, new_epoch)
    _bump(SHARED_KEY, new_epoch)
    replica.changed()
    purge(["/"], everything=True)


def invalidate_story(path):
    """A story's own content changed (its text, bylines, key points, pictures in it, tags,
    corrections): every page is stale (lists and feeds show it), and the blocks of the story at
    `path`; other stories' blocks stay kept."""
    _bump(VERSION_KEY, new_epoch)
    invalidate_pages(path, purge_it=False)
    purge(["/"], everything=True)


def invalidate_pages(*paths, purge_it=True):
    """Make the cached copies of the pages at `paths` stale, whatever their query parameters (call
    after commit when a change shows on those pages only); a CDN in front is told in one call."""
    paths = [path.split("?", 1)[0] for path in paths]
    for path in paths:
        _bump(address_key(path), new_epoch)
    replica.changed()
    if purge_it:
        purge(paths)


def _after_lost_writes():
    """A version bump may have been lost while the cache was away (a story unpublished during a
    Redis freeze stayed public until its page expired): once it answers again, every page is stale,
    and the next outage starts from a number of its own."""
    _while_away[0] = None
    _bump(VERSION_KEY, new_epoch)
    _bump(SHARED_KEY, new_epoch)


AFTER_LOST_WRITES.append(_after_lost_writes)
