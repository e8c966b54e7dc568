"""Recognising a reader across votes, and keeping scripts from stuffing the counts."""

import secrets

from django.conf import settings

from core.ratelimit import over_limit

SALT = "engagement.reader"
MAX_AGE = 2 * 365 * 24 * 3600


def reader_id(request):
    """ "user:<pk>" for a logged-in reader, else the id in their signed cookie (or None)."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    value = request.get_signed_cookie(settings.ENGAGEMENT_READER_COOKIE, default=None, salt=SALT)
    return f"cookie:{value}" if value and len(value) <= 64 else None


def ensure_reader(request, response_holder):
    """The reader's id, creating a cookie for a newcomer; `response_holder` collects it to set."""
    existing = reader_id(request)
    if existing:
        return existing
    token = secrets.token_urlsafe(24)
    response_holder.append(token)
    return f"cookie:{token}"


def set_reader_cookie(response, token):
    response.set_signed_cookie(
        settings.ENGAGEMENT_READER_COOKIE,
        token,
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )


def over_rate_limit(request):
    """True when this address has voted more than ENGAGEMENT_VOTES_PER_MINUTE times this minute."""
    return over_limit(
        "vote", request.META.get("REMOTE_ADDR", ""), limit=settings.ENGAGEMENT_VOTES_PER_MINUTE, window_seconds=60
    )
