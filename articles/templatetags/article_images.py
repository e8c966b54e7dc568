"""Responsive pictures: `{% figure image caption=... lazy=True sizes=... %}` and `{% picture image %}`.

Both build the markup from the image row alone (no queries, no file access): the widths
made are listed on the image, and rendition URLs follow from the source's name.
"""

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.images import JPEG, WEBP, fallback_format, rendition_name, rendition_url

register = template.Library()

DEFAULT_FALLBACK_WIDTH = 800


def _srcset(image, fmt):
    from django.core.files.storage import default_storage

    return ", ".join(
        f"{default_storage.url(rendition_name(image, width, fmt))} {width}w" for width in sorted(image.rendition_widths)
    )


def _img(image, sizes, lazy, extra_class="", alt=None):
    attributes = [("alt", image.alt_text if alt is None else alt)]
    if image.rendition_widths:
        fmt = fallback_format(image)
        attributes += [
            ("src", rendition_url(image, DEFAULT_FALLBACK_WIDTH, fmt if fmt != JPEG else JPEG)),
            ("srcset", _srcset(image, fmt)),
            ("sizes", sizes),
        ]
    else:
        attributes.append(("src", image.file.url))
    if image.width and image.height:
        attributes += [("width", image.width), ("height", image.height)]
    if lazy:
        attributes += [("loading", "lazy"), ("decoding", "async")]
    else:  # a picture shown at once (a lead picture) is what the reader sees first: fetched first
        attributes.append(("fetchpriority", "high"))
    if extra_class:
        attributes.append(("class", extra_class))
    img = format_html("<img {}>", format_html_join(" ", '{}="{}"', attributes))
    if not image.rendition_widths:
        return img
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">{}</picture>', _srcset(image, WEBP), sizes, img
    )


def credit_line(image, credit=None):
    """ "Photo: AFP / Fair use", or whichever part is known (`credit` overrides the library's)."""
    parts = []
    credit = image.credit if credit is None else credit
    if credit:
        parts.append(_("Photo: %(credit)s") % {"credit": credit})
    if image.licence:
        parts.append(image.licence)
    return " / ".join(parts)


@register.simple_tag
def figure(image, caption="", lazy=True, sizes="(min-width: 50em) 46em, 100vw", alt=None, credit=None, size=None):
    """A captioned picture: caption (the body's or the library's), then credit and licence.
    `alt` and `credit` override the library's; `size` (wide, full) widens it beyond the column."""
    if image is None:
        return ""
    caption = caption or image.caption
    credit = credit_line(image, credit)
    # The picture links to its largest rendition: seen large without JavaScript, in a viewer with it.
    zoom = format_html(
        '<a class="figure__zoom" href="{}" aria-label="{}">{}</a>',
        rendition_url(image, max(settings.IMAGE_RENDITION_WIDTHS), fallback_format(image)),
        _("See the picture large"),
        _img(image, sizes, lazy, alt=alt),
    )
    opening = format_html('<figure class="figure--{}">', size) if size and size != "column" else mark_safe("<figure>")
    if not (caption or credit):
        return format_html("{}{}</figure>", opening, zoom)
    return format_html(
        "{}{}<figcaption>{}{}</figcaption></figure>",
        opening,
        zoom,
        format_html('<span class="caption">{}</span> ', caption) if caption else "",
        format_html('<span class="credit">{}</span>', credit) if credit else "",
    )


@register.simple_tag
def picture(image, sizes="100vw", lazy=True):
    """The responsive picture alone, for thumbnails and portraits (no caption)."""
    if image is None:
        return ""
    return _img(image, sizes, lazy)
