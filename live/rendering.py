"""Live updates as readers see them: pictures read in one query for all of them, bodies rendered
as story bodies are (articles/body_render.py)."""

from django.utils.html import format_html_join

from articles.body_render import has_nodes, picture_ids, render_body
from articles.models import Author, Image

UPDATES_PER_PAGE = 20


def with_bodies(updates):
    """`updates` (a list) with `.rendered` set, their pictures read in one query."""
    updates = list(updates)
    wanted = set().union(*(picture_ids(update.body) for update in updates if has_nodes(update.body)))
    pictures = Image.objects.in_bulk(wanted) if wanted else {}
    bylines = {}
    through = Author.live_updates.through.objects.filter(liveupdate_id__in=[u.pk for u in updates]).select_related(
        "author"
    )
    for row in through:
        bylines.setdefault(row.liveupdate_id, []).append(row.author)
    for update in updates:
        update.rendered = render_body(update.body, pictures)
        update.byline = format_html_join(
            ", ", '<a href="{}">{}</a>', ((a.get_absolute_url(), a.name) for a in bylines.get(update.pk, []))
        )
    return updates
