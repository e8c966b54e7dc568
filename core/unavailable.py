"""The database away is a 503 with Retry-After, never a 500.

`DatabaseUnavailableMiddleware` answers for views that hit the outage; `server_error` (the
project's handler500) for anything else that did. The page needs nothing from the database:
its template stands alone. Pages already in the page cache are still served meanwhile: a
cache hit touches no database (core/pagecache/pages.py).
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

UNAVAILABLE = (OperationalError, InterfaceError)


def unavailable_response():
    response = HttpResponse(render_to_string("503.html", {"SITE_NAME": settings.SITE_NAME}), status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            # With its traceback: a deadlock or a statement timeout lands here too, and is a bug to see.
            logger.warning("Database unavailable for %s %s", request.method, request.path, exc_info=exception)
            return unavailable_response()
        return None


def server_error(request):
    """handler500: a 503 when the error was the database going away, the usual 500 page otherwise.
    No CSRF step: the page has no form, and a request whose body cannot be read (a POST in
    another encoding) would fail again in it."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return unavailable_response()
    return HttpResponseServerError(render_to_string("500.html"))


def bad_request(request, exception):
    """handler400: the reason, without reading the request again (Django's own page runs the CSRF
    check, which reads the body that could not be read, and the error escapes as a bare 500)."""
    return HttpResponseBadRequest(render_to_string("400.html"))
