"""Recognising a reader across votes, and keeping scripts from stuffing the counts."""

import time

from django.conf import settings

from core.clients import client_ip
from core.cookies import read_signed_cookie, set_signed_cookie
from core.ratelimit import keyed_hash, over_limit

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

    A newcomer's id comes from their address and the current window of
    ENGAGEMENT_NEWCOMER_WINDOW_SECONDS, not from chance: a script that drops the cookie before
    every vote is the same "newcomer" each time, so it gets one vote per story per address in
    each window (its repeats take the vote back or change it). Readers sharing an address who
    vote without a cookie in the same window share that one vote; once they have the cookie
    they are themselves.
    """
    existing = reader_id(request)
    if existing:
        return existing
    window = int(time.time() // settings.ENGAGEMENT_NEWCOMER_WINDOW_SECONDS)
    token = keyed_hash("engagement.newcomer", f"{client_ip(request)}:{window}")[:32]
    response_holder.append(token)
    return f"cookie:{token}"


def set_reader_cookie(response, token):
    set_signed_cookie(response, settings.ENGAGEMENT_READER_COOKIE, token, salt=SALT, max_age=MAX_AGE)


def over_rate_limit(request):
    """True when this address has voted more than ENGAGEMENT_VOTES_PER_MINUTE times this minute."""
    return over_limit("vote", client_ip(request), limit=settings.ENGAGEMENT_VOTES_PER_MINUTE, window_seconds=60)
