"""Whole-page cache for anonymous readers, made stale at once when what pages show changes.

Public pages are cached per URL. A reader who is logged in, or who carries one of the cookies
in `settings.PAGE_CACHE_BYPASS_COOKIES` (features add theirs: a commenter's remembered details,
a reader's reaction), gets a fresh page, so whoever just acted sees the result at once.

Nothing of one reader's goes into a stored page: its forms' CSRF token fields are stored empty,
no cookie is set with it, and static/js/formtoken.js fills the fields from `/csrf/`
(formtoken.py says what happens without scripts). So a stored page can be kept by a CDN
too: it is sent with `Cache-Control: public, max-age=0, s-maxage=<what is left of its time>,
stale-while-revalidate=PAGE_CACHE_SWR_SECONDS, stale-if-error=PAGE_CACHE_STALE_SECONDS`
(browsers revalidate it by its ETag each time; a shared cache keeps it and is told of changes by
the purge hook, purge.py). A page built for one reader says `private, no-cache`.

Invalidation is by what a change touches. A site-wide version, part of every key, makes every
page stale at once (a story saved: its page, the lists and feeds showing it). Each address also
has a version of its own, checked against the one stored with the page, so a change that shows
on one page only (a comment approved under a story) makes that page stale and no other
(`invalidate_pages`). The versions and the calls that bump them are in versions.py.

Keys are bounded: only the query parameters pages read are kept (settings.PAGE_CACHE_QUERY_PARAMS,
normalised), so junk parameters share the page's entry instead of adding one each; an address
with a parameter in PAGE_CACHE_UNCACHED_PARAMS, or a page number past PAGE_CACHE_MAX_PAGE, is
served fresh and never stored.

Every page stored is also kept, for PAGE_CACHE_STALE_SECONDS, as the address's last good copy:
when building the page fails because the database is away, readers get that copy (marked
`X-Page-Cache: stale`) instead of the 503 page. Replayed pages carry an ETag and Last-Modified,
and a reader who sends them back gets a 304.

Each process also keeps the pages it served lately (PAGE_CACHE_LOCAL_BYTES), so that a hit reads
only the two small version numbers from the shared cache; a kept copy is used only while both
still match and its time is not up. Versions start from a random number whenever the shared
cache has none, so a flushed or restarted Redis can never match a copy kept from before.

A page must not outlive a change that is already scheduled (a story set to go out at noon):
apps that schedule changes register a source of the next such moment with
`expire_no_later_than()`, and no page is kept past the earliest of them.

Features use this through the package's public API (core/pagecache/__init__.py), not this module.
"""

import functools
import gzip
import hashlib
import logging
import math
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date

import core.pagecache.versions as versions
from core import due
from core.pagecache.stored import StoredPage, keep, kept, kept_copy
from core.pagecache.versions import VERSION_KEY, digest
from core.parsing import to_int

logger = logging.getLogger(__name__)

# What the database being away looks like (as core.unavailable sees it).
DATABASE_AWAY = (OperationalError, InterfaceError)
# What `{% csrf_token %}` renders; the only form of the token pages may carry.
TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
GZIP_FROM_BYTES = 1024  # pages this large are also stored gzipped (sent as GZipMiddleware decides)
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Headers a stored page must not replay to another reader.
PRIVATE_HEADERS = {"set-cookie", "vary"}
# Stored afresh, or set per answer (the length is the server's to count: tokens are taken out).
SET_HERE = {"cache-control", "etag", "last-modified", "x-page-cache", "content-length"}


# The version this process saw last: a guess that lets one cache round trip fetch both the
# current version and the page. It is checked against the version read in that same trip,
# so a stale guess only costs a second read, never a stale page.
_last_version = [1]


def _page_key(version, path):
    return f"pagecache:{version}:{digest(path)}"


def cache_address(request):
    """The address a page is cached under (path and the parameters pages read, normalised),
    or None when this request's page must not be stored."""
    kept = []
    for name in sorted(set(request.GET)):
        rule = settings.PAGE_CACHE_QUERY_PARAMS.get(name)
        if name in settings.PAGE_CACHE_UNCACHED_PARAMS:
            return None
        if rule is None:
            continue  # a parameter no page reads: the same page
        value = request.GET.get(name)
        if rule == "number":
            number = to_int(value)
            if value == "last":
                return None  # list pages read it as their last page, whichever that is now
            if number is None or number < 1:
                continue  # pages read it as the first page
            if number > settings.PAGE_CACHE_MAX_PAGE:
                return None
            value = str(number)
        elif value not in rule:
            continue
        kept.append(f"{name}={value}")
    return request.path + ("?" + "&".join(kept) if kept else "")


def _lookup(address):
    """(key to store under, the stored page or None), in one cache round trip when it can."""
    guess = _last_version[0]
    path = address.split("?", 1)[0]
    guess_key = _page_key(guess, address)
    here = guess_key in kept
    found = cache.get_many([VERSION_KEY, versions.address_key(path)] + ([] if here else [guess_key]))
    version = found.get(VERSION_KEY) or versions.site_version()
    key = _page_key(version, address)
    _last_version[0] = version
    address_version = versions.address_version(path, found)
    stored = kept_copy(key, address_version)
    if stored is None:
        stored = found.get(key) if version == guess and not here else cache.get(key)
        if not isinstance(stored, StoredPage):
            stored = None  # nothing, or an entry of another shape (an older release's)
        elif stored.address_version == address_version:
            keep(key, stored)
    if stored is not None and stored.address_version != address_version:
        stored = None  # this address changed since the page was stored
    return key, address_version, stored


def never_stored(response):
    """Mark a response that carries one reader's own state (or a draft) so that no cache, ours,
    a proxy's or the browser's, keeps it."""
    add_never_cache_headers(response)
    response["Cache-Control"] += ", no-store, private"
    return response


def is_shared_page(request):
    """Whether the page being built will be stored and served to other readers: features leave
    out the reader's own state (their vote, say) and let a script fetch it."""
    return getattr(request, "shared_page", False)


def _is_cacheable(request):
    """GET or HEAD from a reader with no session (so not logged in) and no cookie that changes
    pages. Decided from the cookies alone: asking for request.user would read the session and
    make the answer vary by cookie."""
    if settings.PAGE_CACHE_SECONDS <= 0:  # the page cache is off: every page is built
        return False
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not any(name in request.COOKIES for name in settings.PAGE_CACHE_BYPASS_COOKIES)


_next_change_sources = []


def expire_no_later_than(source):
    """Register `source()`, which returns the moment of the next scheduled change (or None)."""
    if source not in _next_change_sources:
        _next_change_sources.append(source)
    return source


def seconds_to_keep():
    """Seconds a page (or a piece of one, fragments.py) may be kept: never past the next
    scheduled change."""
    now = timezone.now()
    seconds = settings.PAGE_CACHE_SECONDS
    for source in _next_change_sources:
        moment = source()
        if moment is not None:
            seconds = min(seconds, math.ceil((moment - now).total_seconds()))
    return max(1, seconds)


def _stale_key(address):
    return f"pagecache:stale:{digest(address)}"


def shared_cache_control(seconds):
    return (
        f"public, max-age=0, s-maxage={seconds}, stale-while-revalidate={settings.PAGE_CACHE_SWR_SECONDS}, "
        f"stale-if-error={settings.PAGE_CACHE_STALE_SECONDS}"
    )


def _store(key, address, address_version, response):
    content = TOKEN_FIELD.sub(rb"\1\2", response.content)  # the reader's own token stays out
    response.content = content
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(content))
    headers = [(name, value) for name, value in response.items() if name.lower() not in PRIVATE_HEADERS | SET_HERE]
    etag = f'W/"{digest(key)[:16]}{hashlib.sha256(content).hexdigest()[:16]}"'
    timeout = seconds_to_keep()
    headers += [("ETag", etag), ("Last-Modified", http_date()), ("Cache-Control", shared_cache_control(timeout))]
    # Compressed once here rather than by the front server on every answer (a story with 500
    # comments is 424 KB, 20 KB gzipped). No reader's token is in it.
    compressed = gzip.compress(content, compresslevel=6, mtime=0) if len(content) >= GZIP_FROM_BYTES else None
    if compressed is not None:
        headers.append(("Vary", "Accept-Encoding"))
    stored = StoredPage(address_version, response.status_code, headers, content, time.time() + timeout, compressed)
    cache.set(key, stored, timeout)
    keep(key, stored)
    cache.set(_stale_key(address), stored, settings.PAGE_CACHE_STALE_SECONDS)
    for name, value in headers[-4 if compressed else -3 :]:
        response[name] = value


def _replay(request, stored, state="hit"):
    headers, content = stored.headers, stored.content
    etag = dict(headers).get("ETag")
    if etag and etag in request.headers.get("If-None-Match", "") and state == "hit":
        response = HttpResponseNotModified()
        for name, value in headers:
            if name.lower() in ("etag", "cache-control", "vary", "last-modified"):
                response[name] = value
        response["X-Page-Cache"] = state
        return response
    compressed = stored.gzipped
    if compressed is not None and ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        content = compressed
    response = HttpResponse(content, status=stored.status)
    for name, value in headers:
        response[name] = value
    if content is compressed:
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(content))
    response["X-Page-Cache"] = state
    return response


def _build_or_stale(view, request, address, args, kwargs):
    """The view's response, rendered (list pages query as they render); if the database is away
    meanwhile, the address's last good copy."""
    try:
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
        return response
    except DATABASE_AWAY:
        stale = cache.get(_stale_key(address))
        if not isinstance(stale, StoredPage):
            raise
        logger.warning("Database unavailable: serving the last good copy of %s", address)
        return _replay(request, stale, state="stale")


def _personal(response):
    """A page built for this reader alone is theirs only: no shared cache may keep it."""
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = "private, no-cache"
    return response


def _wants_cache(request):
    """(The address to look this request up under, its URL match), or None: cached views only."""
    address = cache_address(request) if _is_cacheable(request) else None
    if address is None:
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    dispatch = getattr(view_class, "dispatch", None)
    marked = getattr(match.func, "page_cached", False) or getattr(dispatch, "page_cached", False)
    return (address, match) if marked else None


class PageCacheMiddleware:
    """Serves a stored page before the rest of the middleware runs (sessions, CSRF, auth, CSP…):
    a hit costs a cache lookup and a copy of stored bytes. Placed after SecurityMiddleware (its
    https redirect still applies), and stores pages on the way out, after every inner middleware
    has added its headers (CSP, X-Frame-Options…), so a replayed page carries the same ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wanted = _wants_cache(request)
        if wanted is None:
            return self.get_response(request)
        address, request.resolver_match = wanted  # named in the request's log line and metrics
        key, address_version, stored = _lookup(address)
        if stored is not None:
            return _replay(request, stored)
        request.page_cache = (key, address, address_version)
        response = self.get_response(request)
        if getattr(response, "page_cache_store", False):
            _store(key, address, address_version, response)
        return response


def cache_public_page(view):
    """Mark a public view's pages for the page cache; see the module docstring. PageCacheMiddleware
    looks them up and stores them; this builds a page it did not find, for every reader."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        due.run()
        # Blocks kept from other builds may be pasted in (fragments.py), under the versions
        # read now, before the view reads anything: a change committed meanwhile can only file
        # what this build makes under versions already gone.
        request.public_page, request.page_versions = True, versions.current_versions(request.path)
        try:
            return _built(view, request, args, kwargs)
        except Http404:
            request.public_page = False  # the "not found" page keeps no blocks
            raise

    wrapper.page_cached = True
    return wrapper


def _built(view, request, args, kwargs):
    lookup = getattr(request, "page_cache", None)  # PageCacheMiddleware looked and missed
    if lookup is None:  # a reader with a page of their own
        return _personal(view(request, *args, **kwargs))
    _key, address, _address_version = lookup
    # This page is built for every anonymous reader: nothing of this one's may go in it.
    request.shared_page = True
    response = _build_or_stale(view, request, address, args, kwargs)
    if response.get("X-Page-Cache") == "stale":
        return response
    if response.status_code != 200 or response.streaming or response.has_header("Cache-Control"):
        return _personal(response)
    response.page_cache_store = True  # by the middleware, once every header is on
    response["X-Page-Cache"] = "miss"
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False  # no cookie on a page others will get
    session = getattr(request, "session", None)
    if session is not None and not session.modified:
        # Looked at only to find it empty (no session cookie came): the page does not
        # vary by cookie, and must not say so, or no shared cache would keep it.
        session.accessed = False
    return response
