"""Signed links in newsletter mail: they authorise without a login."""

from django.core import signing

from newsletter.models import Subscriber

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
CONFIRM_MAX_AGE = 3 * 24 * 3600


def confirm_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email.casefold()}, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email.casefold()}, salt=UNSUBSCRIBE_SALT)


def subscriber_from(token, *, salt, max_age=None):
    """The subscriber a token names, or None when it is forged, mangled or (for confirmations) expired."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return Subscriber.objects.filter(pk=data.get("s"), email__iexact=data.get("e", "")).first()
