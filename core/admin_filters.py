"""An admin list filter that picks one related object by typing, for relations with too many rows to
list (a story among a million, an author among hundreds).

Django's RelatedFieldListFilter prints every related object as a link, and its "only related"
variant scans the whole table to find them; this one prints one search box (the admin's own
autocomplete, fed by the related model admin's `search_fields`) and the object chosen.
Use it as `list_filter = [("article", AutocompleteFilter)]`; the related model's admin needs
`search_fields`, and the people filtering need its view permission.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse


class AutocompleteFilter(admin.FieldListFilter):
    template = "admin/autocomplete_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.parameter = f"{field_path}__{field.related_model._meta.pk.name}__exact"
        self.source_model = model
        self.field_name = field.name
        super().__init__(field, request, params, model, model_admin, field_path)

    def expected_parameters(self):
        return [self.parameter]

    def has_output(self):
        return True

    def selected_object(self):
        values = self.used_parameters.get(self.parameter) or []
        if not values:
            return None
        try:
            return self.field.related_model._default_manager.filter(pk=values[-1]).first()
        except (ValueError, ValidationError):
            return None

    def choices(self, changelist):
        yield {
            "selected": self.selected_object(),
            "parameter": self.parameter,
            "autocomplete_url": reverse("admin:autocomplete"),
            "app_label": self.source_model._meta.app_label,
            "model_name": self.source_model._meta.model_name,
            "field_name": self.field_name,
            # The other filters and the search stay as they are when this one changes.
            "kept": [
                (name, value)
                for name, values in changelist.get_filters_params().items()
                if name != self.parameter
                for value in (values if isinstance(values, list) else [values])
            ]
            + ([("q", changelist.query)] if changelist.query else []),
            "clear_url": changelist.get_query_string(remove=[self.parameter]),
        }


# What a list with this filter needs on its page: the admin's select2 and our few lines that
# apply the filter when a choice is made.
AUTOCOMPLETE_FILTER_MEDIA = {
    "js": [
        "admin/js/vendor/jquery/jquery.min.js",
        "admin/js/vendor/select2/select2.full.min.js",
        "admin/js/jquery.init.js",
        "admin/js/autocomplete.js",
        "js/admin_autocomplete_filter.js",
    ],
    "css": {"all": ["admin/css/vendor/select2/select2.min.css", "admin/css/autocomplete.css"]},
}
