"""The reader's own comment state, in signed cookies (never trusted unsigned)."""

import json

from django.conf import settings

from core.cookies import read_signed_cookie, set_signed_cookie

SALT = "comments.reader"
PENDING_MAX_AGE = 7 * 24 * 3600
AUTHOR_MAX_AGE = 365 * 24 * 3600


def _read(request, name):
    raw = read_signed_cookie(request, name, salt=SALT)
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def pending_ids(request):
    value = _read(request, settings.COMMENTS_PENDING_COOKIE)
    return [item for item in value if isinstance(item, int)][-50:] if isinstance(value, list) else []


def saved_details(request):
    value = _read(request, settings.COMMENTS_AUTHOR_COOKIE)
    if not isinstance(value, dict):
        return {}
    return {key: str(value.get(key, ""))[:300] for key in ("name", "email", "url")}


def _set(response, name, value, max_age):
    set_signed_cookie(response, name, json.dumps(value), salt=SALT, max_age=max_age)


# Readable by the page's script too: "comments of this browser's await moderation", so
# comments.js asks for the reader's own thread only when there may be some to show.
HELD_MARKER = "held"


def remember_pending(request, response, comment_id):
    _set(response, settings.COMMENTS_PENDING_COOKIE, [*pending_ids(request), comment_id], PENDING_MAX_AGE)
    response.set_cookie(HELD_MARKER, "1", max_age=PENDING_MAX_AGE, samesite="Lax", secure=not settings.DEBUG)


def forget_pending(response):
    response.delete_cookie(settings.COMMENTS_PENDING_COOKIE, samesite="Lax")
    response.delete_cookie(HELD_MARKER, samesite="Lax")


# Readable by the page's script (it holds no secret): "details are saved in this browser", so
# comments.js asks for them only when there are some to fill in.
SAVED_MARKER = "commenter"


def remember_details(response, *, name, email, url):
    _set(response, settings.COMMENTS_AUTHOR_COOKIE, {"name": name, "email": email, "url": url}, AUTHOR_MAX_AGE)
    response.set_cookie(SAVED_MARKER, "1", max_age=AUTHOR_MAX_AGE, samesite="Lax", secure=not settings.DEBUG)


def forget_details(response):
    response.delete_cookie(settings.COMMENTS_AUTHOR_COOKIE, samesite="Lax")
    response.delete_cookie(SAVED_MARKER, samesite="Lax")
