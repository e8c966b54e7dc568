"""The live desk: one short form to post an update, the latest updates beside it; the updates'
list for editing, correcting, publishing and deleting; the live settings on the story's page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.forms import body_editor_field
from articles.services import can_publish
from live.models import LiveCoverage, LiveUpdate
from live.services import coverage_end, update_correct, update_delete, update_post, update_publish


class LiveCoverageInline(admin.StackedInline):
    """On a story's admin page: make it live, and its settings."""

    model = LiveCoverage
    extra = 0
    max_num = 1
    fields = ["summary", "started_at", "ended_at", "newest_first", "reporters_post_directly", "desk"]
    readonly_fields = ["desk"]
    verbose_name_plural = _("Live coverage (add it to make this a live story)")

    @admin.display(description=_("Live desk"))
    def desk(self, coverage):
        if not coverage.pk:
            return _("Save the story first; then post updates from the live desk.")
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:live_livecoverage_desk", args=[coverage.pk]), _("Open the live desk")
        )


class UpdateForm(forms.Form):
    headline = forms.CharField(label=_("Headline (optional)"), max_length=200, required=False)
    body = body_editor_field()
    is_key = forms.BooleanField(label=_("Key event"), required=False)
    publish_at = forms.DateTimeField(
        label=_("Goes out at (empty: now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean_body(self):
        body = self.cleaned_data.get("body") or ""
        if not body.strip():
            raise ValidationError(_("Write the update before posting it."))
        return body


@admin.register(LiveCoverage)
class LiveCoverageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "started_at", "ended_at", "desk_link"]
    fields = ["article", "summary", "started_at", "ended_at", "newest_first", "reporters_post_directly"]
    autocomplete_fields = ["article"]

    @admin.display(description=_("Live desk"))
    def desk_link(self, coverage):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:live_livecoverage_desk", args=[coverage.pk]), _("Desk")
        )

    def get_urls(self):
        desk = path("<int:pk>/desk/", self.admin_site.admin_view(self.desk), name="live_livecoverage_desk")
        return [desk, *super().get_urls()]

    def desk(self, request, pk):
        coverage = get_object_or_404(LiveCoverage.objects.select_related("article"), pk=pk)
        if not request.user.has_perm("live.add_liveupdate"):
            raise PermissionDenied
        form = UpdateForm(request.POST or None)
        if request.method == "POST" and request.POST.get("end") and can_publish(request.user):
            coverage_end(coverage, by=request.user)
            messages.success(request, _("The live coverage has ended."))
            return redirect(request.path)
        if request.method == "POST" and form.is_valid():
            update = update_post(coverage=coverage, by=request.user, **form.cleaned_data)
            if update.status == LiveUpdate.Status.PENDING:
                messages.info(request, _("Your update waits for an editor before it goes out."))
            else:
                messages.success(request, _("Your update is out."))
            return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Live desk: %(story)s") % {"story": coverage.article.headline},
            "coverage": coverage,
            "form": form,
            "media": self.media + form.media,
            "latest": coverage.updates.select_related("created_by").order_by("-publish_at", "-pk")[:10],
            "can_publish": can_publish(request.user),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/live/desk.html", context)


class LiveUpdateForm(forms.ModelForm):
    body = body_editor_field()

    class Meta:
        model = LiveUpdate
        fields = ["headline", "body", "is_key", "publish_at", "correction"]


@admin.register(LiveUpdate)
class LiveUpdateAdmin(admin.ModelAdmin):
    form = LiveUpdateForm
    list_display = ["__str__", "coverage", "publish_at", "status", "is_key"]
    list_filter = ["status", "is_key"]
    search_fields = ["headline", "body"]
    readonly_fields = ["status", "created_by", "created_at"]
    actions = ["publish_now"]

    def has_add_permission(self, request):
        return False  # updates are posted from the live desk

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # What readers see is an editor's to change; a Reporter edits only their update that waits.
        return (
            obj is None
            or can_publish(request.user)
            or (obj.status == LiveUpdate.Status.PENDING and obj.created_by_id == request.user.pk)
        )

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, *([] if can_publish(request.user) else ["is_key", "correction"])]

    def save_model(self, request, obj, form, change):
        correction_changed = "correction" in form.changed_data and obj.correction.strip()
        if correction_changed:
            if not can_publish(request.user):
                raise PermissionDenied
            update_correct(obj, by=request.user, text=obj.correction)
            form.changed_data.remove("correction")
        if form.changed_data:
            super().save_model(request, obj, form, change)  # stale by its declaration (live/apps.py)

    def delete_model(self, request, obj):
        update_delete(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for update in queryset:
            update_delete(update, by=request.user)

    @admin.action(description=_("Publish the selected updates now"))
    def publish_now(self, request, queryset):
        if not can_publish(request.user):
            raise PermissionDenied
        for update in queryset:
            update_publish(update, by=request.user)
