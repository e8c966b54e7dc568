"""Absolute addresses for mail, feeds, sitemaps and structured data, built on SITE_URL.

Never on the request's Host header: a forged Host must not end up in a feed or an e-mail.
"""

import re
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


URL_ATTRIBUTE = re.compile(r'\b(src|href|poster|srcset)="([^"]*)"')


def absolute_in_html(markup):
    """`markup` with every address in src, href, poster and srcset made absolute (for feeds)."""

    def replace(match):
        name, value = match.groups()
        if name == "srcset":
            parts = (part.strip().split(" ", 1) for part in value.split(","))
            value = ", ".join(" ".join([absolute(part[0]), *part[1:]]) for part in parts if part[0])
        elif not value.startswith("#"):
            value = absolute(value)
        return f'{name}="{value}"'

    return URL_ATTRIBUTE.sub(replace, markup)


class UnicodeSlugConverter:
    """A slug in any script (`привет`, `新闻`), as SlugField(allow_unicode=True) stores it.

    Django decodes the percent-encoded path before matching, so `/%D0%BF…/` and the raw
    letters reach the view alike; reverse() percent-encodes it again for links, feeds and
    sitemaps.
    """

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
