"""How form widgets are rendered: Django's own widget templates through Jinja2, each markup made once.

A story page carries a comment form and a sign-up form, a dozen widgets; through the Django
template engine each costs a template render (input, then attrs) and together they were a tenth
of the page's build. Django ships the same widget templates for Jinja2, which renders them
several times faster, with the same markup. Any template Django does not ship for Jinja2 (the
admin's widgets, the editor's) is rendered as before, by the Django engine.

A widget's markup depends on its template and its context alone (its name, value and
attributes): the empty forms under every story render the same widgets on every request, and
were still a tenth of a plain story's build. So a render whose context is made only of plain
values (strings, numbers, lists and dicts of them) is kept by the renderer, per language, the
latest MOST_KEPT of them: markup made from code, never from what the database holds. A context
holding anything else (a form, a date) is rendered every time.
"""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils import translation
from django.utils.functional import Promise

from core.keeping import LatestKept

MOST_KEPT = 512
_SCALARS = {int, float, bool, type(None)}


def _frozen(value):
    """`value` as a hashable key, or None when it holds anything but plain values. Types are part
    of the key: True and 1 render differently, and so do a safe string and a plain one."""
    kind = type(value)
    if kind is str:
        return value
    if kind in _SCALARS:
        return (kind, value)
    if kind is dict:
        frozen = []
        for key, item in value.items():
            item = _frozen(item)
            if item is None or type(key) is not str:
                return None
            frozen.append((key, item))
        return (dict, tuple(frozen))
    if kind is list or kind is tuple:
        frozen = []
        for item in value:
            item = _frozen(item)
            if item is None:
                return None
            frozen.append(item)
        return (kind, tuple(frozen))
    if isinstance(value, Promise):  # a lazy translation: its text in the active language
        return (Promise, str(value))
    if isinstance(value, str):  # a safe string
        return (kind, str(value))
    return None


class WidgetRenderer(BaseRenderer):
    def __init__(self):
        self.fast = Jinja2()
        self.standard = DjangoTemplates()
        self._kept = LatestKept(MOST_KEPT)

    def get_template(self, template_name):
        try:
            return self.fast.get_template(template_name)
        except TemplateDoesNotExist:
            return self.standard.get_template(template_name)

    def render(self, template_name, context, request=None):
        frozen = _frozen(context) if request is None else None
        if frozen is None:
            return super().render(template_name, context, request)
        key = (translation.get_language(), template_name, frozen)
        markup = self._kept.get(key)
        if markup is None:
            markup = self._kept.keep(key, super().render(template_name, context, request))
        return markup
