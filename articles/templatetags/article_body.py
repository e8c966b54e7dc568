"""`{% story_body article %}`: a story's (or page's) body as readers see it (articles/body_render.py)."""

from django import template

from articles.body_render import has_nodes, picture_ids, render_body
from articles.models import Image

register = template.Library()


@register.simple_tag
def story_body(owner):
    return rendered_body(owner.body)


def rendered_body(body, *, interactive=True):
    """The body's page markup, with the pictures it shows read in one query."""
    pictures = Image.objects.in_bulk(picture_ids(body)) if has_nodes(body) else {}
    return render_body(body, pictures, interactive=interactive)
