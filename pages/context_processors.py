from django.core.cache import cache
from django.db.models import Q
from django.utils.functional import SimpleLazyObject

from pages.models import Page

LINKS_KEY = "pages:links"
LINKS_SECONDS = 24 * 3600  # dropped at once when a page changes (pages/apps.py)


def links():
    """{"footer": [{title, url}], "privacy": {title, url} or None}, from the cache when it can."""
    found = cache.get(LINKS_KEY)
    if found is None:
        wanted = Q(in_footer=True, parent=None) | Q(purpose=Page.Purpose.PRIVACY)
        pages = list(Page.objects.published().filter(wanted).only("title", "path", "in_footer", "parent", "purpose"))
        found = {
            "footer": [
                {"title": p.title, "url": p.get_absolute_url()} for p in pages if p.in_footer and p.parent_id is None
            ],
            "privacy": next(
                ({"title": p.title, "url": p.get_absolute_url()} for p in pages if p.purpose == Page.Purpose.PRIVACY),
                None,
            ),
        }
        cache.set(LINKS_KEY, found, LINKS_SECONDS)
    return found


def pages(request):
    """The footer's pages and the privacy page, read only when a template uses them, and once a
    request however many templates do (the footer, the comment form, the digest sign-ups)."""

    def read():
        if not hasattr(request, "page_links"):
            request.page_links = links()
        return request.page_links

    return {
        "footer_pages": SimpleLazyObject(lambda: read()["footer"]),
        "privacy_page": SimpleLazyObject(lambda: read()["privacy"]),
    }
