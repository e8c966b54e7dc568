"""301 for addresses that moved: changed slugs, manual redirects, imported archives."""

from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect

from redirects.models import Redirect

OLD_PATH_LENGTH = Redirect._meta.get_field("old_path").max_length
# Functions (request → new address or None) for home-page queries that follow a pattern, such
# as WordPress's `/?s=term`; importers add theirs when their app is ready.
HOME_QUERY_RULES = []
# Parameters old sites put on their home page's address (WordPress: /?p=123, /?page_id=45,
# /?s=term, /?feed=rss2…). Only requests carrying one are looked up before the page cache, so a
# campaign's /?utm_source=… is still a cache hit.
OLD_HOME_PARAMETERS = {"p", "page_id", "attachment_id", "s", "paged", "feed", "cat", "tag", "author", "m", "cpage"}


def home_target(request):
    """Where an old home-page address (`/?page_id=45`) now lives, or None."""
    target = RedirectFallbackMiddleware.lookup(request.get_full_path())
    for rule in HOME_QUERY_RULES:
        target = target or rule(request)
    return target


class OldHomeAddressMiddleware:
    """Answer old home-page addresses before the page cache, which would otherwise serve the
    home page for them (it ignores parameters no page reads). With the database away, the
    request goes on to the cache (and the page it has) rather than failing here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and not OLD_HOME_PARAMETERS.isdisjoint(request.GET):
            try:
                target = home_target(request)
            except DatabaseError:
                target = None
            if target:
                return HttpResponsePermanentRedirect(target)
        return self.get_response(request)


class RedirectFallbackMiddleware:
    """Answer 301 from `Redirect` where the site itself has nothing.

    On a 404 it looks up the full path with its query string first, then the bare path.
    The home page never 404s, yet imported WordPress addresses such as `/?p=123` live
    there, so requests for `/` carrying a query string are looked up *before* the view
    runs: one indexed query, paid only by home-page requests with a query string.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and request.META.get("QUERY_STRING"):
            target = home_target(request)
            if target:
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        full_path = request.get_full_path()
        target = self.lookup(full_path)
        if not target and full_path != request.path:
            # Found by the bare path: the query (a page number, say) goes along.
            target = self.lookup(request.path)
            query = request.META.get("QUERY_STRING", "")
            if target and query and "?" not in target:
                target = f"{target}?{query}"
        return HttpResponsePermanentRedirect(target) if target else response

    @staticmethod
    def lookup(path):
        # No stored old path holds a NUL or is longer than the column (PostgreSQL refuses both).
        if "\x00" in path or len(path) > OLD_PATH_LENGTH:
            return None
        return Redirect.objects.filter(old_path=path).values_list("new_path", flat=True).first()
