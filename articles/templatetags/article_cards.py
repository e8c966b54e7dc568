"""`{% story_card story heading="h2" first=True %}`, `{% related_card story %}`, `{% byline story %}`,
`{% comments_link story %}`, `{% river_item story %}` and `{% compact_item story %}` (articles/cards.py);
`{% share_links article %}`, the story's share links (a Jinja2 block,
templates/jinja2/articles/includes/_share.html)."""

from django import template

from articles import cards
from core.addresses import absolute
from core.jinja import render_block

register = template.Library()
register.simple_tag(cards.story_card, name="story_card")
register.simple_tag(cards.byline, name="byline")
register.simple_tag(cards.comments_link, name="comments_link")
register.simple_tag(cards.related_card, name="related_card")
register.simple_tag(cards.river_item, name="river_item")
register.simple_tag(cards.compact_item, name="compact_item")


@register.simple_tag
def share_links(article):
    return render_block(
        "articles/includes/_share.html", {"article": article, "url": absolute(article.get_absolute_url())}
    )
