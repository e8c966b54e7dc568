"""The weekly digest sign-up form, in the footer and under each article."""

from django import template
from django.template.loader import render_to_string

from core.fragments import fragment
from newsletter.forms import SignupForm

register = template.Library()


@register.simple_tag(takes_context=True)
def newsletter_signup(context, place="footer"):
    """Renders the sign-up form; `place` is "footer" or "article" (ids differ so both fit one page)."""
    request = context.get("request")
    return fragment(
        request,
        "signup",
        [place],
        lambda: render_to_string(
            "newsletter/includes/_signup.html", {"form": SignupForm(place=place), "place": place}, request=request
        ),
    )
