"""Forms on shared pages, without a reader's CSRF token in the shared HTML.

A page stored by the page cache (and by a CDN, which may keep it for `s-maxage`) is the same for
every reader, so it cannot carry anyone's CSRF token: its forms hold an empty token field.
`static/js/formtoken.js` asks `GET /csrf/` (`form_token`, never cached; it also sets the CSRF
cookie) for the reader's own token and fills the fields, before any form can be sent.

Without JavaScript the form goes out with no token; Django refuses it and `csrf_failure` answers
with a page that says what happened and holds everything the reader typed, ready to send again
with a token of their own: one more click, nothing lost. The admin keeps Django's own page.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.csrf import csrf_failure as django_csrf_failure

from core.pagecache.pages import never_stored

SKIPPED = {"csrfmiddlewaretoken"}
# What the page shows of what was sent (everything is carried over, shown or not).
SHOWN = {
    "name": _lazy("Name"),
    "email": _lazy("E-mail"),
    "url": _lazy("Website"),
    "body": _lazy("Your comment"),
    "kind": _lazy("Your reaction"),
    "stars": _lazy("Your rating"),
}


def form_token(request):
    """The reader's CSRF token, for the forms of a shared page (and the cookie it goes with)."""
    return never_stored(JsonResponse({"token": get_token(request)}))


def _in_admin(request):
    try:
        return request.path.startswith(reverse("admin:index"))
    except NoReverseMatch:
        return False


def _origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


def from_another_site(request):
    """Whether the browser says this post came from another site's page (Sec-Fetch-Site, else
    Origin, else Referer). Such a post is never offered again for a click: an attacker's page
    could otherwise have a signed-in editor send the attacker's text in one click."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    ours = {_origin(settings.SITE_URL), _origin(request.build_absolute_uri("/"))}
    for header in ("Origin", "Referer"):
        value = request.headers.get(header)
        if value and value != "null":
            return _origin(value) not in ours
        if value == "null":  # a sandboxed or privacy-stripped origin: not provably ours
            return True
    return False


def csrf_failure(request, reason=""):
    if _in_admin(request) or request.method != "POST":
        return django_csrf_failure(request, reason)
    if from_another_site(request):
        return never_stored(render(request, "csrf_cross_site.html", status=403))
    if "application/json" in request.headers.get("Accept", ""):
        message = _("Your session had expired. Reload the page and send it again.")
        return never_stored(JsonResponse({"error": message}, status=403))
    fields = [(name, value) for name, values in request.POST.lists() if name not in SKIPPED for value in values]
    shown = [(SHOWN[name], value) for name, value in fields if name in SHOWN and value]
    context = {
        "action": request.get_full_path(),
        "fields": fields,
        "shown": shown,
        "back": request.headers.get("Referer", ""),
    }
    return never_stored(render(request, "csrf_confirm.html", context, status=403))
