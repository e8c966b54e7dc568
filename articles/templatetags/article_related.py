from django import template

from articles.cards import related_card
from articles.related import related_stories, section_neighbours
from core.jinja import render_block

register = template.Library()


@register.simple_tag
def read_next(article):
    """Under the story: the previous and next story in its section, and related stories."""
    earlier, later = section_neighbours(article)
    context = {"article": article, "earlier": earlier, "later": later, "related": related_stories(article)}
    return render_block("articles/includes/_read_next.html", {**context, "related_card": related_card})
