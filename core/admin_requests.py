"""The admin refuses a query string holding a NUL character with a 400.

PostgreSQL text cannot hold NUL, so a search for one (`/admin/autocomplete/?term=%00`, typed
into the story filter of core/admin_filters.py or crafted) ended in a 500. No browser sends one
of its own accord; the public pages read such values forgivingly (core/parsing.py) and are left
alone.
"""

from django.http import HttpResponseBadRequest
from django.urls import NoReverseMatch, reverse


class AdminQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        names_and_values = (text for name, values in request.GET.lists() for text in (name, *values))
        if any("\x00" in text for text in names_and_values) and _is_admin(request):
            return HttpResponseBadRequest("A search or filter in this address holds a NUL character.")
        return self.get_response(request)


def _is_admin(request):
    try:
        return request.path.startswith(reverse("admin:index", urlconf=getattr(request, "urlconf", None)))
    except NoReverseMatch:  # a site (or a test's) without the admin
        return False
