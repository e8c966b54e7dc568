"""The reactions and rating blocks of the article page."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

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
        html = render_to_string("engagement/block.html", context, request=request)
        return mark_safe(html)  # noqa: S308 - a template of ours (templates/jinja2/), escaped as it is rendered

    if reader is not None:  # the reader's own vote shows in it
        return build()
    return fragment(request, "engagement", [article.pk], build, scope="story")
