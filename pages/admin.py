from django.contrib import admin

from articles.forms import BodyEditingForm
from pages.models import Page


class PageAdminForm(BodyEditingForm):
    class Meta:
        model = Page
        fields = ["title", "slug", "parent", "body", "lead_image", "status", "purpose", "in_footer", "order"]
        fields += ["archived_comments"]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    """Pages say what the newsroom stands by (privacy, corrections, terms): editors with the page
    permissions keep them; the permissions are Django's own (add/change/delete page)."""

    form = PageAdminForm
    list_display = ["title", "path", "status", "purpose", "in_footer", "order", "updated_at"]
    list_filter = ["status", "purpose", "in_footer"]
    search_fields = ["title", "path"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["lead_image"]
    ordering = ["path"]

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.status == Page.Status.PUBLISHED else None
