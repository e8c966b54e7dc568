"""The weekly digest sign-up form. Placeholder until the newsletter issue lands."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def newsletter_signup(context, place="footer"):
    """Renders the sign-up form; `place` is "footer" or "article"."""
    return ""
