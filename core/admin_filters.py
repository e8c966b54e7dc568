"""An admin list filter that picks one related object by typing, for relations with too many rows to
list (a story among a million, an author among hundreds).

Django's RelatedFieldListFilter prints every related object as a link, and its "only related"
variant scans the whole table to find them; this one prints one search box (the admin's own
autocomplete, fed by the related model admin's `search_fields`) and the object chosen.
Use it as `list_filter = [("article", AutocompleteFilter)]`; the related model's admin needs
`search_fields`, and the people filtering need its view permission.
"""

from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, SEARCH_VAR
from django.core.exceptions import ValidationError
from django.urls import reverse


class AutocompleteFilter(admin.FieldListFilter):
    template = "admin/autocomplete_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.parameter = f"{field_path}__{field.related_model._meta.pk.name}__exact"
        self.source_model = model
        self.field_name = field.name
        self.request = request
        self.related_admin = model_admin.admin_site._registry.get(field.related_model)
        super().__init__(field, request, params, model, model_admin, field_path)
        values = self.used_parameters.get(self.parameter)
        if isinstance(values, list) and len(values) > 1:  # one object at a time, the one shown
            self.used_parameters[self.parameter] = values[-1:]

    def expected_parameters(self):
        return [self.parameter]

    def has_output(self):
        return True

    def selected_object(self):
        """The object filtered by, as the related admin would show it to this person: nobody learns
        a name through the filter that the autocomplete beside it would refuse them."""
        values = self.used_parameters.get(self.parameter) or []
        admin_of_related = self.related_admin
        if not values or admin_of_related is None or not admin_of_related.has_view_permission(self.request):
            return None
        try:
            return admin_of_related.get_queryset(self.request).filter(pk=values[-1]).first()
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
            + ([(SEARCH_VAR, changelist.query)] if changelist.query else [])
            + ([(ORDER_VAR, changelist.params[ORDER_VAR])] if ORDER_VAR in changelist.params else []),
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
