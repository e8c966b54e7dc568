"""The one place rich text is cleaned before it is stored (and so may be shown with |safe).

What a body may hold is declared in articles/body_schema.py; this module keeps exactly that and
writes it in the form the visual editor writes it back (articles/body_canonical.py), so that
opening a story and saving it unchanged gives the same text.
"""

import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings

from articles import body_schema
from articles.body_canonical import canonical_form

ALLOWED_TAGS = body_schema.allowed_tags()
ALLOWED_ATTRIBUTES = body_schema.allowed_attributes()
ALLOWED_CLASSES = body_schema.allowed_classes()
ALLOWED_URL_SCHEMES = set(body_schema.LINK_SCHEMES)
MEDIA_ELEMENTS = {"audio", "video", "source"}
RENAMED_TAG = re.compile(r"<(/?)(%s)(?=[\s/>])" % "|".join(body_schema.RENAMED_TAGS), re.I)  # noqa: UP031
DIGITS = re.compile(r"\d{1,12}")
# Control characters mean nothing in a story and no HTML parser keeps them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _local_media(value):
    """Sound and video play only from our own media (MEDIA_URL): nothing is fetched from
    elsewhere when a reader opens a story."""
    rest = value.removeprefix(settings.MEDIA_URL)
    inside = value.startswith(settings.MEDIA_URL) and not rest.startswith("/") and "//" not in rest
    # Our stored names never need escapes; "%2e%2e" would be ".." to the browser.
    return value if inside and ".." not in rest and "%" not in rest and "\\" not in rest else None


def _web_address(value):
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _attribute_filter(tag, attribute, value):
    if tag in MEDIA_ELEMENTS and attribute in ("src", "poster"):
        return _local_media(value)
    if attribute in ("data-image", "data-columns", "start", "colspan", "rowspan"):
        return value if DIGITS.fullmatch(value.strip()) else None
    if attribute == "data-size":
        return value if value in body_schema.FIGURE_SIZES else None
    if attribute in ("data-source", "data-url", "data-author-url"):
        return _web_address(value)
    if attribute == "data-thumbnail":
        return _local_media(value)
    if attribute == "data-section":
        return value if value in ("head", "foot") else None
    return value


def _renamed(match):
    return f"<{match.group(1)}{body_schema.RENAMED_TAGS[match.group(2).lower()]}"


def sanitize_html(html):
    """Keep only the markup the body schema declares, in the editor's canonical form; drop
    scripts, styles, event handlers and empty paragraphs."""
    if not html:
        return ""
    cleaned = nh3.clean(
        RENAMED_TAG.sub(_renamed, CONTROL_CHARACTERS.sub("", html)),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_attribute_filter,
    )
    return canonical_form(cleaned)
