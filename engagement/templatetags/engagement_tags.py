"""The reactions and rating blocks of the article page."""

from django import template
from django.template.loader import render_to_string

from engagement import readers
from engagement.blocks import summary

register = template.Library()


@register.simple_tag(takes_context=True)
def engagement_block(context, article):
    """Renders reactions and the star rating for `article`."""
    request = context.get("request")
    reader = readers.reader_id(request) if request is not None else None
    return render_to_string("engagement/block.html", {"article": article, **summary(article, reader)}, request=request)
