"""`{% figure image caption=... lazy=True sizes=... %}`. Placeholder until renditions land."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def figure(image, caption="", lazy=True, sizes="100vw"):
    if image is None:
        return ""
    return format_html(
        '<figure><img src="{}" alt="{}" width="{}" height="{}"><figcaption>{}</figcaption></figure>',
        image.file.url,
        image.alt_text,
        image.width,
        image.height,
        caption or image.caption,
    )


@register.simple_tag
def picture(image, sizes="100vw", lazy=True):
    """The responsive picture alone, for thumbnails and portraits (no caption)."""
    if image is None:
        return ""
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}"{}>',
        image.file.url,
        image.alt_text,
        image.width,
        image.height,
        format_html(' loading="lazy"') if lazy else "",
    )
