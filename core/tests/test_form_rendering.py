"""Form widgets: Django's widget templates through Jinja2, anything else through the Django engine."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template.backends.jinja2 import Template as Jinja2Template

from comments.forms import CommentForm
from core.form_rendering import WidgetRenderer


def test_the_site_renders_django_widget_templates_through_jinja2():
    renderer = get_default_renderer()
    assert isinstance(renderer, WidgetRenderer)
    assert isinstance(renderer.get_template("django/forms/widgets/input.html"), Jinja2Template)


def test_widgets_render_the_same_markup_as_through_the_django_engine():
    data = {"name": "<b>Ann</b>", "email": "not an address", "body": "", "notify_replies": "on"}
    fast, standard = CommentForm(data=data), CommentForm(data=data, renderer=DjangoTemplates())
    fast.is_valid(), standard.is_valid()
    assert [str(field) for field in fast] == [str(field) for field in standard]
    assert "&lt;b&gt;Ann&lt;/b&gt;" in str(fast["name"])  # escaped as before


def test_widget_templates_only_the_django_engine_has_still_render():
    class DateForm(forms.Form):
        day = forms.DateField(widget=AdminDateWidget)

    html = str(DateForm()["day"])  # admin/widgets/date.html: no Jinja2 version exists
    assert 'class="vDateField"' in html and 'name="day"' in html
