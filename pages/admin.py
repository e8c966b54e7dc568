from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from articles.forms import BODY_EDITOR_EXTENSIONS
from pages.models import Page


class PageAdminForm(forms.ModelForm):
    body = ProseEditorFormField(label=_("Body"), required=False, config={"extensions": BODY_EDITOR_EXTENSIONS})

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
