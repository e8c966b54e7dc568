"""`{% story_card story heading="h2" first=True %}`, `{% related_card story %}`, `{% byline story %}` and
`{% comments_link story %}` (articles/cards.py)."""

from django import template

from articles import cards

register = template.Library()
register.simple_tag(cards.story_card, name="story_card")
register.simple_tag(cards.byline, name="byline")
register.simple_tag(cards.comments_link, name="comments_link")
register.simple_tag(cards.related_card, name="related_card")
