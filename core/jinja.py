"""The Jinja2 environment of the story page's blocks (templates in `templates/jinja2/`).

Pages are Django templates. The blocks under a story that Python builds on their own (read-next,
the comments with their form, reactions and rating, the digest sign-up, the share links) are
Jinja2 templates: each is rendered on its own by its template tag, and through Jinja2 they cost a
fraction of what the Django engine took (docs/performance.md). They see what the tag gives them, the request, the
CSRF field (`csrf_input`: one per request, however many forms), what JINJA2's context processors
give and these globals.

    {{ _("Leave a reply") }}          Django's gettext
    {{ _("Replying to %(name)s") % {"name": name} }}
    {{ ngettext("%(counter)s comment", "%(counter)s comments", count, counter=count) }}

As in Django's templates, the translations are ours and not escaped; the values put into them are.
    {{ url("comments:post", article.pk) }}  {{ static("css/comments.css") }}  {{ headline|quote }}

A name the template does not get is an error (StrictUndefined), not an empty string. A tag
renders its block with `render_block`, which hands the page the block's HTML as safe.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import engines
from django.template.backends.utils import csrf_input
from django.template.defaultfilters import urlencode
from django.templatetags.static import static as django_static
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from core.addresses import reversing_scope

# The blocks under a story ask for the same few addresses, static files and translations on
# every request: each is remembered (per script prefix and URL configuration, per language), and
# forgotten when a test changes the settings they follow, as Django forgets its own.


def url(name, *args):
    """reverse(), remembered: it walks the URL configuration each time."""
    return _reversed(name, args, *reversing_scope())


@functools.lru_cache(maxsize=4096)
def _reversed(name, args, script_prefix, urlconf):
    return reverse(name, args=args, urlconf=urlconf)


@functools.lru_cache(maxsize=1024)
def static(path):
    """A static file's address (Django's static(): the manifest's name, quoted, on STATIC_URL)."""
    return django_static(path)


def gettext(message):
    # Our catalogues, trusted as Django's templates trust them.
    return Markup(_translated(translation.get_language(), message))  # noqa: S704


@functools.lru_cache(maxsize=4096)
def _translated(language, message):
    return translation.gettext(message)  # in `language`: the one active


@receiver(setting_changed)
def _forget_remembered(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "STATIC_URL", "STORAGES", "LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS"}:
        for remembered in (_reversed, static, _translated):
            remembered.cache_clear()


def ngettext(singular, plural, number, **values):
    plural_form = Markup(translation.ngettext(singular, plural, number))  # noqa: S704 - our catalogues
    return plural_form % {"num": number, **values}  # the values are escaped


def environment(**options):
    options = {name: value for name, value in options.items() if name not in ("autoescape", "undefined")}
    env = Environment(autoescape=True, undefined=StrictUndefined, **options)
    env.globals.update(_=gettext, ngettext=ngettext, url=url, static=static)
    env.filters["quote"] = functools.partial(urlencode, safe="")  # Django's urlencode:"" (Jinja2's keeps "/")
    return env


def form_token(request):
    """A context processor: the CSRF field of every form a request's blocks render, made once.
    Django's own `csrf_input` masks the token afresh at each use (a few random bytes each time);
    one mask per response is what guards against BREACH."""

    def field():
        if not hasattr(request, "form_token_field"):
            request.form_token_field = csrf_input(request)
        return request.form_token_field

    return {"csrf_input": SimpleLazyObject(field)}


def render_block(template_name, context, request=None):
    """A block's HTML, for a Django template tag to return (Jinja2 gives a plain string). Looked
    up in the Jinja2 engine alone: render_to_string would ask the Django engine first, in vain."""
    template = engines["jinja2"].get_template(template_name)
    return mark_safe(template.render(context, request=request))  # noqa: S308 - escaped as rendered
