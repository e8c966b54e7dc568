"""Whole-page cache for anonymous readers, made stale at once when what pages show changes.

Public pages are cached per URL. A reader who is logged in, or who carries one of the cookies
in `settings.PAGE_CACHE_BYPASS_COOKIES` (features add theirs: a commenter's remembered details,
a reader's reaction), gets a fresh page, so whoever just acted sees the result at once.

Forms on cached pages still need a CSRF token of the reader's own: the page is stored with a
placeholder where the token was, and every hit gets a fresh `get_token(request)` put back in
(which also sets the CSRF cookie). One `bytes.replace` per hit.

Invalidation is by what a change touches. A site-wide version, part of every key, makes every
page stale at once (a story saved: its page, the lists and feeds showing it). Each address also
has a version of its own, checked against the one stored with the page, so a change that shows
on one page only (a comment approved under a story) makes that page stale and no other
(`invalidate_page`). Versions live in the cache, so every process sharing it (Redis) agrees.

Keys are bounded: only the query parameters pages read are kept (settings.PAGE_CACHE_QUERY_PARAMS,
normalised), so junk parameters share the page's entry instead of adding one each; an address
with a parameter in PAGE_CACHE_UNCACHED_PARAMS, or a page number past PAGE_CACHE_MAX_PAGE, is
served fresh and never stored.

Every page stored is also kept, for PAGE_CACHE_STALE_SECONDS, as the address's last good copy:
when building the page fails because the database is away, readers get that copy (marked
`X-Page-Cache: stale`) instead of the 503 page. Replayed pages carry an ETag and Last-Modified,
and a reader who sends them back gets a 304.

A page must not outlive a change that is already scheduled (a story set to go out at noon):
apps that schedule changes register a source of the next such moment with
`expire_no_later_than()`, and no page is kept past the earliest of them.
"""

import functools
import hashlib
import logging
import math
import re

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date

from core import due, replica
from core.parsing import to_int
from core.purge import purge

logger = logging.getLogger(__name__)

# What the database being away looks like (as core.unavailable sees it).
DATABASE_AWAY = (OperationalError, InterfaceError)
VERSION_KEY = "pagecache:version"
PLACEHOLDER = b"__csrf_token_placeholder__"
# What `{% csrf_token %}` renders; the only form of the token pages may carry.
TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
# Headers a stored page must not replay to another reader.
PRIVATE_HEADERS = {"set-cookie", "vary"}


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


# The version this process saw last: a guess that lets one cache round trip fetch both the
# current version and the page. It is checked against the version read in that same trip,
# so a stale guess only costs a second read, never a stale page.
_last_version = [1]


def _digest(text):
    # Hashed: any address makes a short key of one shape, whatever its length or characters.
    return hashlib.sha256(text.encode()).hexdigest()


def _page_key(version, path):
    return f"pagecache:{version}:{_digest(path)}"


def _address_key(path):
    return f"pagecache:address:{_digest(path)}"


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
    address_key = _address_key(address.split("?", 1)[0])
    found = cache.get_many([VERSION_KEY, address_key, _page_key(guess, address)])
    version = found.get(VERSION_KEY)
    if version is None:
        version = _version()
    key = _page_key(version, address)
    _last_version[0] = version
    stored = found.get(key) if version == guess else cache.get(key)
    address_version = found.get(address_key, 0)
    if stored is not None and stored[0] != address_version:
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


def invalidate_public_pages():
    """Make every cached public page stale (call after commit when readers would see a change)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
    replica.changed()
    purge(["/"], everything=True)


def invalidate_page(path):
    """Make the cached copies of one page stale, whatever their query parameters (call after
    commit when a change shows on that page only)."""
    path = path.split("?", 1)[0]
    key = _address_key(path)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)
    replica.changed()
    purge([path])


def _is_cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not any(name in request.COOKIES for name in settings.PAGE_CACHE_BYPASS_COOKIES)


_next_change_sources = []


def expire_no_later_than(source):
    """Register `source()`, which returns the moment of the next scheduled change (or None)."""
    if source not in _next_change_sources:
        _next_change_sources.append(source)
    return source


def _timeout():
    """Seconds a page may be kept: never past the next scheduled change."""
    now = timezone.now()
    seconds = settings.PAGE_CACHE_SECONDS
    for source in _next_change_sources:
        moment = source()
        if moment is not None:
            seconds = min(seconds, math.ceil((moment - now).total_seconds()))
    return max(1, seconds)


def _stale_key(address):
    return f"pagecache:stale:{_digest(address)}"


def _store(key, address, address_version, response):
    content, tokens = TOKEN_FIELD.subn(rb"\1" + PLACEHOLDER + rb"\2", response.content)
    headers = [(name, value) for name, value in response.items() if name.lower() not in PRIVATE_HEADERS]
    etag = f'W/"{_digest(key)[:16]}{hashlib.sha256(content).hexdigest()[:16]}"'
    headers += [("ETag", etag), ("Last-Modified", http_date())]
    stored = (address_version, response.status_code, headers, content, bool(tokens))
    cache.set(key, stored, _timeout())
    cache.set(_stale_key(address), stored, settings.PAGE_CACHE_STALE_SECONDS)
    for name, value in headers[-2:]:
        response[name] = value


def _replay(request, stored, state="hit"):
    _address_version, status, headers, content, has_tokens = stored
    etag = dict(headers).get("ETag")
    if etag and etag in request.headers.get("If-None-Match", "") and state == "hit":
        response = HttpResponseNotModified()
        response["ETag"] = etag
        response["X-Page-Cache"] = state
        return response
    if has_tokens:
        content = content.replace(PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
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
        if stale is None:
            raise
        logger.warning("Database unavailable: serving the last good copy of %s", address)
        return _replay(request, stale, state="stale")


def cache_public_page(view):
    """Cache a public view's 200 responses for anonymous readers; see the module docstring."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        address = cache_address(request) if _is_cacheable(request) else None
        if address is None:
            due.run()
            return view(request, *args, **kwargs)
        key, address_version, stored = _lookup(address)
        if stored is not None:
            return _replay(request, stored)
        # This page is built for every anonymous reader: nothing of this one's may go in it.
        request.shared_page = True
        due.run()
        response = _build_or_stale(view, request, address, args, kwargs)
        if response.get("X-Page-Cache") == "stale":
            return response
        if response.status_code == 200 and not response.streaming and not response.has_header("Cache-Control"):
            _store(key, address, address_version, response)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper
