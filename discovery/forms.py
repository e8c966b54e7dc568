from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Section
from discovery.search import clean_text


class QueryField(forms.CharField):
    """Takes anything a reader types: control characters (NUL included) become spaces
    instead of an error, and long queries are shortened by the search itself."""

    def to_python(self, value):
        return super().to_python(clean_text(value) if isinstance(value, str) else value)


class SearchForm(forms.Form):
    q = QueryField(label=_("Search for"), required=False, strip=True)
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sections"),
        error_messages={"invalid_choice": _("There is no such section; pick one from the list.")},
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("YYYY-MM-DD")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("YYYY-MM-DD")
    )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", forms.ValidationError(_("The end date is before the start date."), code="order"))
        return cleaned

    @property
    def has_filters(self):
        return any(self.data.get(name) for name in ("section", "date_from", "date_to"))
