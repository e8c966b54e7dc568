"""Absolute addresses for mail, feeds, sitemaps and structured data, built on SITE_URL.

Never on the request's Host header: a forged Host must not end up in a feed or an e-mail.
"""

import re
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


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


# What reverse() leaves unquoted in a path (RFC 3986's sub-delims and the rest of `pchar`).
PATH_SAFE = "!$&'()*+,;=/~:@"
SLUG = re.compile(UnicodeSlugConverter.regex)


def reversing_scope():
    """What reverse() gives depends on besides its arguments: the script prefix and the URL
    configuration in use (a key for addresses worked out once)."""
    return get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


class AddressPattern:
    """A page's address with its arguments put in by substitution: the same text as reverse()
    gives, without walking the resolver for every link (a list of stories prints sixty).

    Declared once per view, with the kind of each argument (`int`, or `str` for a uslug):
    `AddressPattern("articles:detail", year=int, month=int, day=int, slug=str)`. The pattern is
    found with reverse() once per script prefix and URL configuration; a slug the converter
    would refuse goes to reverse() itself, so it fails the same way.
    """

    def __init__(self, view_name, **kinds):
        self.view_name = view_name
        self.kinds = kinds
        self.patterns = {}

    def __call__(self, **values):
        for name, kind in self.kinds.items():
            if kind is str and not SLUG.fullmatch(values[name]):
                return reverse(self.view_name, kwargs=values)
        values = {name: quote(str(value), safe=PATH_SAFE) for name, value in values.items()}
        return self.template().format_map(values)

    def template(self):
        """The address as a format string with a `{name}` field for each argument, for the script
        prefix and URL configuration in use (its arguments put in already quoted)."""
        key = reversing_scope()
        return self.patterns.get(key) or self.patterns.setdefault(key, self.pattern())

    def pattern(self):
        """reverse() with a marker for each argument, the markers then made `{name}` fields."""
        markers = {
            name: 900_000_001 + number if kind is int else f"addressmarker{number}x"
            for number, (name, kind) in enumerate(self.kinds.items())
        }
        address = reverse(self.view_name, kwargs=markers).replace("{", "{{").replace("}", "}}")
        for name, marker in markers.items():
            if str(marker) not in address:  # the view's pattern reads it some other way
                raise ValueError(f"{self.view_name}: {name} does not appear in its address")
            address = address.replace(str(marker), f"{{{name}}}", 1)
        return address
