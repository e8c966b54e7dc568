import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import ARCHIVE_YEARS, Section
from discovery.search import clean_text


class QueryField(forms.CharField):
    """Takes anything a reader types: control characters (NUL included) become spaces
    instead of an error, and long queries are shortened by the search itself."""

    def to_python(self, value):
        return super().to_python(clean_text(value) if isinstance(value, str) else value)


class ArchiveDateField(forms.DateField):
    """A day the archive could hold (articles.models.ARCHIVE_YEARS)."""

    first, last = datetime.date(ARCHIVE_YEARS[0], 1, 1), datetime.date(ARCHIVE_YEARS[-1], 12, 31)

    def validate(self, value):
        super().validate(value)
        if value and not self.first <= value <= self.last:
            raise forms.ValidationError(
                _("Give a date between the years %(first)s and %(last)s."),
                code="out_of_range",
                params={"first": self.first.year, "last": self.last.year},
            )


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
    date_from = ArchiveDateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("YYYY-MM-DD")
    )
    date_to = ArchiveDateField(
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
