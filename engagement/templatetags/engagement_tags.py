"""The reactions and rating blocks of the article page. Placeholders until the engagement issue lands."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def engagement_block(context, article):
    """Renders reactions and the star rating for `article`."""
    return ""
