"""The weekly digest sign-up form, in the footer and under each article."""

from django import template

from core.jinja import render_block
from core.pagecache import fragment
from newsletter.forms import SignupForm

register = template.Library()


@register.simple_tag(takes_context=True)
def newsletter_signup(context, place="footer"):
    """Renders the sign-up form; `place` is "footer" or "article" (ids differ so both fit one page)."""
    request = context.get("request")
    # Back on the page after signing up there (newsletter.views.subscribe): say what happens next.
    signed_up = request is not None and request.GET.get("subscribed") == place

    def build():
        form = SignupForm(place=place)
        context = {"form": form, "place": place, "signed_up": signed_up}
        return render_block("newsletter/includes/_signup.html", context, request=request)

    return build() if signed_up else fragment(request, "signup", [place], build, scope="shared")
