from django import template

from articles.related import related_stories, section_neighbours

register = template.Library()


@register.inclusion_tag("articles/includes/_read_next.html")
def read_next(article):
    """Under the story: the previous and next story in its section, and related stories."""
    earlier, later = section_neighbours(article)
    return {"article": article, "earlier": earlier, "later": later, "related": related_stories(article)}
