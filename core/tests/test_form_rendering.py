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


def test_a_widget_of_plain_values_is_rendered_once_and_its_markup_kept():
    from unittest import mock

    renderer = WidgetRenderer()
    form = CommentForm(renderer=renderer)
    first = [str(field) for field in form]
    with mock.patch.object(Jinja2Template, "render", side_effect=AssertionError("rendered again")):
        again = [str(field) for field in CommentForm(renderer=renderer)]
    assert again == first
    assert first == [str(field) for field in CommentForm(renderer=DjangoTemplates())]


def test_what_a_reader_typed_is_kept_apart_and_escaped():
    renderer = WidgetRenderer()
    for name in ("<b>Ann</b>", "Bo"):
        html = str(CommentForm(data={"name": name}, renderer=renderer)["name"])
        assert f'value="{name.replace("<", "&lt;").replace(">", "&gt;")}"' in html


def test_a_context_holding_more_than_plain_values_is_rendered_every_time():
    import datetime

    from core.form_rendering import _frozen

    assert _frozen({"widget": {"value": "x", "attrs": {"required": True}}}) is not None
    assert _frozen({"widget": {"value": datetime.date(2026, 1, 2)}}) is None
    assert _frozen({"widget": {"attrs": {1: "a key that is not a name"}}}) is None
    # values that compare equal but render differently are kept apart
    from django.utils.safestring import mark_safe

    assert _frozen({"required": True}) != _frozen({"required": 1})
    assert _frozen({"value": mark_safe("<b>")}) != _frozen({"value": "<b>"})
    assert _frozen({"value": None}) != _frozen({"value": "None"})


def test_a_translated_label_is_kept_per_language():
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from core.form_rendering import _frozen

    label = gettext_lazy("Yes")  # Django's own catalogues translate it
    with translation.override("en"):
        english = _frozen({"label": label})
    with translation.override("fr"):
        french = _frozen({"label": label})
    assert english != french


def test_the_kept_markup_is_bounded(monkeypatch):
    import core.form_rendering

    monkeypatch.setattr(core.form_rendering, "MOST_KEPT", 3)
    renderer = WidgetRenderer()
    for number in range(10):
        str(CommentForm(data={"name": f"reader {number}"}, renderer=renderer)["name"])
    assert len(renderer._kept) <= 3
