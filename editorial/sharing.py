"""Signed addresses for shared drafts: the link's id, signed, so it cannot be guessed or altered;
whether it still works (expiry, revocation) is the database's to say."""

from django.core import signing
from django.urls import reverse

SALT = "editorial.draft-link"


def draft_link_token(link):
    return signing.dumps(link.pk, salt=SALT)


def draft_link_url(link):
    return reverse("editorial:shared-draft", args=[draft_link_token(link)])


def link_id_from_token(token):
    """The link id in `token`, or None when the token is not ours or was tampered with."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
