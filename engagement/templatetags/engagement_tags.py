"""The reactions and rating blocks of the article page."""

from django import template

from core.jinja import render_block
from core.pagecache import fragment, is_shared_page
from engagement import readers
from engagement.blocks import star_buttons, summary

register = template.Library()


@register.simple_tag(takes_context=True)
def engagement_block(context, article):
    """Renders reactions and the star rating for `article`."""
    request = context.get("request")
    # A page stored for every reader shows nobody's own vote: engagement.js asks for it.
    shared = request is None or is_shared_page(request)
    reader = None if shared else readers.reader_id(request)

    def build():
        figures = summary(article, reader)
        stars = star_buttons(figures["rating"]["own"])  # the form's buttons: the page's, not the JSON's
        context = {"article": article, "star_buttons": stars, **figures}
        return render_block("engagement/block.html", context, request=request)

    if reader is not None:  # the reader's own vote shows in it
        return build()
    return fragment(request, "engagement", [article.pk], build, scope="story")
