"""Pieces of pages kept ready between page builds: the render cache under the page cache.

The page cache (pages.py) answers whole pages to anonymous readers. A page it does not
answer is still built for someone: a page that just went stale, a reader with a session or a
message, a story whose thread just gained a comment. Most of such a page has not changed since
it was last built: the story's text, read-next, the thread, the sign-up form. Each of those
blocks is kept here, rendered, and a page build pastes it in instead of rendering it again.

A fragment is made stale by the versions of versions.py, so it can never be staler than
the cached page would be. By default those of the page it sits on: the site-wide version (any
story saved, published, moved) and its address's (a comment approved under a story). A story
page's own blocks (its text, thread, reactions) are made stale instead by that story's
changes (its address's version, which its own changes also bump) and by the shared version
(authors, pictures, sections, tags, pages): saving one story leaves every other story's blocks
kept. Keys carry the fragment's name, the language, its versions and what it varies on
(normalised by callers: an attacker's query string must not make new keys). A fragment is kept
until the next scheduled change at the latest, as pages are (`pagecache.expire_no_later_than`).

What is one reader's never goes in: callers render a block here only when it holds nothing of
the reader's (no vote of theirs, no pending comment, no saved details), and the forms' CSRF
token fields are stored empty and filled with this reader's token as the fragment is pasted in
(left empty on a page stored for everyone: static/js/formtoken.js fills those).

Each process keeps the fragments it used lately (at most FRAGMENT_CACHE_LOCAL_BYTES) before
asking the shared cache. `FRAGMENT_CACHE=0` turns the whole thing off (for measuring).
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.safestring import mark_safe

import core.pagecache.pages as pagecache
from core.pagecache.stored import KeptCopies

TOKEN_FIELD = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(">)')
# What {% csrf_token %} renders, emptied (as a whole tag: text in a story or comment cannot hold one).
EMPTY_TOKEN_FIELD = '<input type="hidden" name="csrfmiddlewaretoken" value="">'  # noqa: S105 - a field

# key: (time it is good until, text)
_kept = KeptCopies("FRAGMENT_CACHE_LOCAL_BYTES", size=lambda kept: len(kept[1]), until=lambda kept: kept[0])


def _seconds_to_keep(request):
    """How long what this request builds may be kept (asked of the schedules once per request)."""
    seconds = getattr(request, "_fragment_seconds", None)
    if seconds is None:
        seconds = request._fragment_seconds = pagecache.seconds_to_keep()
    return seconds


# What a block is made stale by (versions.py): "page", anything on the page (the site
# version and the page's own); "site", any story but not the page's own comments (read-next);
# "story", its story and what many stories share (the story page's own blocks: its text,
# thread and reactions); "shared", only the latter (navigation, forms).
SCOPES = {
    "page": lambda versions: (versions.site, versions.address),
    "site": lambda versions: (versions.site,),
    "story": lambda versions: ("s", versions.shared, versions.address),
    "shared": lambda versions: ("s", versions.shared),
}


def _key(request, name, parts, scope):
    # The versions as read before the view ran (pagecache.cache_public_page).
    stale_by = ":".join(str(version) for version in SCOPES[scope](request.page_versions))
    vary = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:32]
    return f"fragment:{name}:{translation.get_language()}:{stale_by}:{vary}"


def _fill_tokens(request, text):
    if EMPTY_TOKEN_FIELD in text and not pagecache.is_shared_page(request):
        field = getattr(request, "_fragment_token_field", None)
        if field is None:  # masked once per page (each masking costs 64 random choices)
            field = f'<input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">'
            request._fragment_token_field = field
        return text.replace(EMPTY_TOKEN_FIELD, field)
    return text


def fragment(request, name, parts, build, *, per_page=False, scope="page"):
    """The rendered fragment `name` for `parts` (what it varies on), built with `build()` (which
    returns its HTML) only when no copy for the current versions is kept. `per_page`: it also
    varies with the page's address (path and the parameters pages read, normalised). `scope`:
    which versions make it stale (SCOPES); "story" only on the story's own page.

    Only on public pages (those the page cache handles, whose changes bump its versions): a
    staff preview or a shared draft is always rendered afresh."""
    if request is None or not settings.FRAGMENT_CACHE or not getattr(request, "public_page", False):
        return build()  # (public_page is set with the versions, by pagecache.cache_public_page)
    if per_page:
        address = pagecache.cache_address(request)
        if address is None:  # a parameter that makes pages fresh (?replyto): so is this
            return build()
        parts = [address, *parts]
    if scope not in SCOPES:
        raise ValueError(f"No fragment scope {scope!r}; one of {', '.join(SCOPES)}.")
    key = _key(request, name, parts, scope)
    kept = _kept.get(key)
    if kept is None:
        kept = cache.get(key)
        if kept is None:
            seconds = _seconds_to_keep(request)
            kept = (time.time() + seconds, TOKEN_FIELD.sub(r"\1\2", str(build())))
            cache.set(key, kept, seconds)
        _kept.keep(key, kept)
    return mark_safe(_fill_tokens(request, kept[1]))  # noqa: S308 - rendered by our own templates
