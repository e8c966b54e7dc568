"""Signed cookies that remember a reader (their votes, their comment details) without an account.

Signed with SECRET_KEY and a salt per purpose, so a reader can neither forge one nor reuse one
made for another purpose; HttpOnly, SameSite=Lax, and Secure outside development.
"""

from django.conf import settings


def set_signed_cookie(response, name, value, *, salt, max_age):
    response.set_signed_cookie(
        name, value, salt=salt, max_age=max_age, httponly=True, samesite="Lax", secure=not settings.DEBUG
    )


def read_signed_cookie(request, name, *, salt):
    """The cookie's value, or None when it is missing or its signature does not match."""
    return request.get_signed_cookie(name, default=None, salt=salt)
