from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from core.admin_views import ReadOnlyAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A read-only, filterable list for editors (the "view audit event" permission)."""

    list_display = ["at", "actor_name", "action", "object_type", "object_repr", "change", "note"]
    list_filter = ["action", "object_type", "at", ("actor", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["object_repr", "actor_name", "note", "object_id"]
    date_hierarchy = "at"
    list_per_page = 100

    @admin.display(description=_("From → to"))
    def change(self, event):
        if not (event.from_state or event.to_state):
            return "—"
        return f"{event.from_state or '—'} → {event.to_state or '—'}"
