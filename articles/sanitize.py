"""The one place rich text is cleaned before it is stored (and so may be shown with |safe)."""

import nh3

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "strong", "b", "em", "i", "a", "blockquote", "ul", "ol", "li", "br", "cite"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html):
    """Keep only the markup the site renders; drop scripts, styles and event handlers."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()
