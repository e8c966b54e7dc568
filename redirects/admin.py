from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from redirects.models import Redirect
from redirects.services import redirect_record


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "new_path"]

    def clean_old_path(self):
        old_path = self.cleaned_data["old_path"].strip()
        if not old_path.startswith("/") or old_path.startswith("//"):
            raise forms.ValidationError(
                _('Give the old address as a path starting with one "/", e.g. /2024/01/02/old-story/.'),
                code="not_a_path",
            )
        return old_path

    def clean_new_path(self):
        new_path = self.cleaned_data["new_path"].strip()
        if not (new_path.startswith(("https://", "http://")) or (new_path.startswith("/") and new_path[1:2] != "/")):
            raise forms.ValidationError(
                _('Give a path starting with "/" or a full address starting with https://.'), code="bad_target"
            )
        return new_path

    def clean(self):
        cleaned = super().clean()
        old_path, new_path = cleaned.get("old_path"), cleaned.get("new_path")
        if old_path and new_path:
            onward = Redirect.objects.filter(old_path=new_path).values_list("new_path", flat=True).first()
            if old_path in (new_path, onward):
                raise forms.ValidationError(
                    _("This redirect would send readers back to where they started; choose another new path."),
                    code="loop",
                )
        return cleaned


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        # Through the service so chains stay one hop long; an edited row's old path may change.
        if change and "old_path" in form.changed_data:
            Redirect.objects.filter(pk=obj.pk).delete()
        saved = redirect_record(old_path=obj.old_path, new_path=obj.new_path, new_path_is_live=False)
        if saved is not None:
            obj.pk = saved.pk
