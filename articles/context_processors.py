from django.utils.functional import SimpleLazyObject

from articles.models import Section
from core.prepared import PreparedQuery

SECTIONS = PreparedQuery(lambda: Section.objects.all())


def site_sections(request):
    """Every section, in the site's order, read once per request: the navigation bar, the home
    page's section blocks and a section page's own section share one small query."""
    if not hasattr(request, "_site_sections"):
        request._site_sections = SECTIONS()
    return request._site_sections


def navigation(request):
    """The sections in the site's navigation bar (read only when a page builds the bar)."""
    return {"nav_sections": SimpleLazyObject(lambda: site_sections(request))}
