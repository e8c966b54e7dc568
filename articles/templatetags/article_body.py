"""Placing inline images into a story's body."""

from django import template
from django.utils.safestring import mark_safe

from articles.templatetags.article_images import figure

register = template.Library()

PARAGRAPH_END = "</p>"


@register.simple_tag
def body_with_images(article, placements):
    """The sanitised body with each placed image's figure after its paragraph.

    `article.body` went through articles.sanitize on save, so it may be marked safe;
    the figures are built with format_html. Images placed after the last paragraph
    (or in a body with fewer paragraphs) follow the body.
    """
    by_position = {}
    for placement in placements:
        by_position.setdefault(placement.position, []).append(placement)
    pieces = article.body.split(PARAGRAPH_END)
    out = []
    for number, piece in enumerate(pieces[:-1], start=1):
        out.append(piece + PARAGRAPH_END)
        out.extend(_figures(by_position.pop(number, [])))
    out.append(pieces[-1])
    for position in sorted(by_position):
        out.extend(_figures(by_position[position]))
    return mark_safe("".join(out))  # noqa: S308 - sanitised body plus format_html figures


def _figures(placements):
    return [figure(placement.image, caption=placement.effective_caption, lazy=True) for placement in placements]
