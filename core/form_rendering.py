"""How form widgets are rendered: Django's own widget templates through Jinja2.

A story page carries a comment form and a sign-up form, a dozen widgets; through the Django
template engine each costs a template render (input, then attrs) and together they were a tenth
of the page's build. Django ships the same widget templates for Jinja2, which renders them
several times faster, with the same markup. Any template Django does not ship for Jinja2 (the
admin's widgets, the editor's) is rendered as before, by the Django engine.
"""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class WidgetRenderer(BaseRenderer):
    def __init__(self):
        self.fast = Jinja2()
        self.standard = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.fast.get_template(template_name)
        except TemplateDoesNotExist:
            return self.standard.get_template(template_name)
