"""`{% live_block article %}`: a live story's summary, key events and updates (nothing for other stories)."""

from django import template
from django.template.loader import render_to_string

from core.parsing import to_int
from live.models import coverage_of
from live.rendering import UPDATES_PER_PAGE, with_bodies

register = template.Library()


@register.simple_tag(takes_context=True)
def live_block(context, article):
    coverage = coverage_of(article)
    if coverage is None:
        return ""
    request = context.get("request")
    page = max(1, to_int(request.GET.get("page") if request else None, 1) or 1)
    shown = coverage.updates.shown()
    order = ["-publish_at", "-pk"] if coverage.newest_first else ["publish_at", "pk"]
    start = (page - 1) * UPDATES_PER_PAGE
    updates = with_bodies(shown.order_by(*order)[start : start + UPDATES_PER_PAGE + 1])
    more = len(updates) > UPDATES_PER_PAGE
    updates = updates[:UPDATES_PER_PAGE]
    key_events = list(
        shown.filter(is_key=True).order_by("-publish_at", "-pk").only("pk", "headline", "body", "publish_at")[:20]
    )
    return render_to_string(
        "live/block.html",
        {
            "article": article,
            "coverage": coverage,
            "updates": updates,
            "key_events": key_events,
            "page": page,
            "older_page": page + 1 if more else None,
            "newer_page": page - 1 if page > 1 else None,
            # The newest update readers have: what the page's script asks "anything newer than?".
            "newest_id": shown.order_by("-publish_at", "-pk").values_list("pk", flat=True).first() or 0,
        },
        request=request,
    )
