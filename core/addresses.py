"""Absolute addresses for mail, feeds, sitemaps and structured data, built on SITE_URL.

Never on the request's Host header: a forged Host must not end up in a feed or an e-mail.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute(url):
    """`url` as a full address: paths are put on SITE_URL; full addresses are kept as they are."""
    parts = urlsplit(url)
    if parts.scheme:
        return url
    if parts.netloc:  # "//media.example.org/x.jpg": the site's own scheme
        return f"{urlsplit(settings.SITE_URL).scheme}:{url}"
    return f"{settings.SITE_URL}{url}"
