from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.after_response import run_after_response
from core.clients import client_ip
from newsletter import digest as digests
from newsletter.forms import CONSENT_TEXT, SignupForm
from newsletter.services import over_signup_limit, subscriber_confirm, subscriber_signup, subscriber_unsubscribe
from newsletter.tokens import CONFIRM_MAX_AGE, CONFIRM_SALT, UNSUBSCRIBE_SALT, subscriber_from


@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        return render(request, "newsletter/subscribe.html", {"form": SignupForm(place="page")})
    form = SignupForm(request.POST, place="page")
    if over_signup_limit(client_ip(request)):
        return render(request, "newsletter/subscribe.html", {"form": form, "limited": True}, status=429)
    if not form.is_valid():
        return render(request, "newsletter/subscribe.html", {"form": form}, status=400)
    deferred = []
    subscriber_signup(email=form.cleaned_data["email"], consent_text=str(CONSENT_TEXT), send_later=deferred.append)
    # The same answer whether or not the address was known, and as fast: any mail goes out
    # after the answer, so its time reveals nothing either. A reader who signed up under a story
    # (or in any page's footer) goes back there, where the form says what happens next.
    response = _back_where_they_were(request) or render(request, "newsletter/check_inbox.html")
    for send in deferred:
        run_after_response(response, send)
    return response


def _back_where_they_were(request):
    """A 303 to the page the form was on (the browser's Referer, same site only), or None."""
    place = request.POST.get("place")
    referer = request.headers.get("Referer", "")
    if place not in ("article", "footer") or not url_has_allowed_host_and_scheme(
        referer,
        allowed_hosts={request.get_host(), urlsplit(settings.SITE_URL).netloc},
        require_https=request.is_secure(),
    ):
        return None
    page = urlsplit(referer)
    query = [(name, value) for name, value in parse_qsl(page.query) if name != "subscribed"] + [("subscribed", place)]
    response = redirect(f"{page.path}?{urlencode(query)}#newsletter-{place}-done")
    response.status_code = 303
    return response


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        subscriber = subscriber_from(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        return render(request, "newsletter/confirm.html", {"expired": True}, status=400)
    if subscriber is None:
        return render(request, "newsletter/confirm.html", {"invalid": True}, status=400)
    if request.method == "POST":
        subscriber_confirm(subscriber)
        return render(request, "newsletter/confirm.html", {"done": True})
    # Confirming takes a click, so mail scanners that open links do not subscribe anyone.
    return render(request, "newsletter/confirm.html", {"token": token})


# One-click unsubscribe (RFC 8058): mail clients POST "List-Unsubscribe=One-Click" to this
# address from outside the site, with no CSRF token. The signed token in the URL is what
# authorises the request, and all it can do is unsubscribe its own address.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscriber = subscriber_from(token, salt=UNSUBSCRIBE_SALT)
    if subscriber is None:
        return render(request, "newsletter/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        subscriber_unsubscribe(subscriber)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unsubscribed.", content_type="text/plain")
        return render(request, "newsletter/unsubscribe.html", {"done": True})
    return render(request, "newsletter/unsubscribe.html", {"token": token})


@staff_member_required
def preview(request):
    start, end = digests.week_ending()
    subject, _text, html = digests.render_digest(digests.context_for(start, end))
    return HttpResponse(html)
