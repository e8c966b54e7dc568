"""The one place rich text is cleaned before it is stored (and so may be shown with |safe)."""

import re

import nh3
from django.conf import settings

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "strong", "b", "em", "i", "a", "blockquote", "ul", "ol", "li", "br", "cite"}
# Tables, preformatted text, folded details, and sound and video from our own media.
ALLOWED_TAGS |= {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "pre", "code", "hr"}
ALLOWED_TAGS |= {"details", "summary", "audio", "video", "source", "sub", "sup", "s", "del", "ins"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "width", "height", "poster"},
    "source": {"src", "type"},
    "details": {"open"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
MEDIA_ELEMENTS = {"audio", "video", "source"}
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\u00a0|<br>)*</p>")


def _local_media_only(tag, attribute, value):
    """Sound and video play only from our own media (MEDIA_URL): nothing is fetched from
    elsewhere when a reader opens a story."""
    if tag in MEDIA_ELEMENTS and attribute in ("src", "poster"):
        rest = value.removeprefix(settings.MEDIA_URL)
        inside = value.startswith(settings.MEDIA_URL) and not rest.startswith("/") and "//" not in rest
        # Our stored names never need escapes; "%2e%2e" would be ".." to the browser.
        return value if inside and ".." not in rest and "%" not in rest and "\\" not in rest else None
    return value


def sanitize_html(html):
    """Keep only the markup the site renders; drop scripts, styles, event handlers and empty paragraphs."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_local_media_only,
    )
    return EMPTY_PARAGRAPH.sub("", cleaned).strip()
