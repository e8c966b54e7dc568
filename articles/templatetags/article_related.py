from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.cards import related_card
from articles.related import related_stories, section_neighbours

register = template.Library()


@register.simple_tag
def read_next(article):
    """Under the story: the previous and next story in its section, and related stories."""
    earlier, later = section_neighbours(article)
    context = {"article": article, "earlier": earlier, "later": later, "related": related_stories(article)}
    html = render_to_string("articles/includes/_read_next.html", {**context, "related_card": related_card})
    return mark_safe(html)  # noqa: S308 - a template of ours (templates/jinja2/), escaped as it is rendered
