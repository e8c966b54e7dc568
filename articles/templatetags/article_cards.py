"""`{% story_card story heading="h2" first=True %}` and `{% byline story %}` (articles/cards.py)."""

from django import template

from articles import cards

register = template.Library()
register.simple_tag(cards.story_card, name="story_card")
register.simple_tag(cards.byline, name="byline")
