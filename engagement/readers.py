"""Recognising a reader across votes, and keeping scripts from stuffing the counts."""

import contextlib
import ipaddress
import secrets
import time

from django.conf import settings

from core.clients import client_ip, parse_address
from core.cookies import read_signed_cookie, set_signed_cookie
from core.ratelimit import over_limit

SALT = "engagement.reader"
MAX_AGE = 2 * 365 * 24 * 3600


def reader_id(request):
    """ "user:<pk>" for a logged-in reader, else the id in their signed cookie (or None)."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    value = read_signed_cookie(request, settings.ENGAGEMENT_READER_COOKIE, salt=SALT)
    return f"cookie:{value}" if value and len(value) <= 64 else None


def ensure_reader(request, response_holder):
    """The reader's id, creating a cookie for a newcomer; `response_holder` collects it to set.
    The cookie says when it was given ("<random>.<unix time>"): see is_new_reader."""
    existing = reader_id(request)
    if existing:
        return existing
    token = f"{secrets.token_urlsafe(24)}.{int(time.time())}"
    response_holder.append(token)
    return f"cookie:{token}"


def is_new_reader(reader):
    """A reader whose cookie was given within ENGAGEMENT_NEWCOMER_WINDOW_SECONDS counts as a
    newcomer for a story they have not voted on: cookies collected by voting on other stories
    (each hands one out) then gain nothing over dropping the cookie. Signed-in readers, and
    cookies given before cookies said when, are themselves."""
    if not reader.startswith("cookie:"):
        return False
    _token, _dot, given = reader.rpartition(".")
    if not given.isdigit():
        return False
    return time.time() - int(given) < settings.ENGAGEMENT_NEWCOMER_WINDOW_SECONDS


def newcomer_already_voted(request, article, scope):
    """True when a client without the reader cookie already cast a `scope` vote on `article` from
    this address (an IPv6 /64 counts as one) within ENGAGEMENT_NEWCOMER_WINDOW_SECONDS.

    A script that drops the cookie before every vote is a newcomer each time, so this is what
    holds it to one vote per story per address. Readers sharing an address who vote without a
    cookie share that one vote in a window; with the cookie they vote as themselves. Counted in
    the cache, so it fails open while the cache is away (core/cache.py).
    """
    address = client_ip(request)
    with contextlib.suppress(ValueError):
        ip = parse_address(address)
        if ip.version == 6:
            address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return over_limit(
        f"newcomer-{scope}",
        f"{address}:{article.pk}",
        limit=1,
        window_seconds=settings.ENGAGEMENT_NEWCOMER_WINDOW_SECONDS,
    )


# Readable by the page's script (it holds no secret): "this browser has voted here", so
# engagement.js asks for the reader's own vote only when there is one to show.
VOTED_MARKER = "voted"


def set_reader_cookie(response, token):
    set_signed_cookie(response, settings.ENGAGEMENT_READER_COOKIE, token, salt=SALT, max_age=MAX_AGE)
    response.set_cookie(VOTED_MARKER, "1", max_age=MAX_AGE, samesite="Lax", secure=not settings.DEBUG)


def over_rate_limit(request):
    """True when this address has voted more than ENGAGEMENT_VOTES_PER_MINUTE times this minute."""
    return over_limit("vote", client_ip(request), limit=settings.ENGAGEMENT_VOTES_PER_MINUTE, window_seconds=60)
