"""The comments block of the article page. Placeholder until the comments issue lands."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def comments_block(context, article):
    """Renders the comment thread and the "Leave a reply" form for `article`."""
    return ""
