from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.models import Correction


def editorial_form(form, *, base_revision, can_schedule, open_change=None):
    """The story form with the workflow's fields: the revision the editor started from (to catch
    edit conflicts), the editor's own change awaiting review or scheduled when the form shows it
    (`open_change`: that one is replaced by this save) and, for editors on a live story, a time for
    the changes to go live."""
    attrs = {
        "base_revision": forms.IntegerField(required=False, initial=base_revision, widget=forms.HiddenInput),
        "open_change": forms.IntegerField(
            required=False, initial=open_change.pk if open_change else None, widget=forms.HiddenInput
        ),
    }
    if can_schedule:
        attrs["changes_go_live_at"] = forms.SplitDateTimeField(
            label=_("Schedule these changes for"),
            initial=open_change.apply_at if open_change else None,
            required=False,
            widget=AdminSplitDateTime,
            help_text=_("Leave empty to publish your changes now. The current version stays live until then."),
        )
        attrs["clean_changes_go_live_at"] = _clean_changes_go_live_at
    return type(form.__name__, (form,), attrs)


def _clean_changes_go_live_at(self):
    moment = self.cleaned_data.get("changes_go_live_at")
    if moment is not None and moment <= timezone.now():
        raise forms.ValidationError(_("Choose a time in the future, or leave it empty to publish now."))
    if moment is not None and {"status", "publish_at"} & set(self.changed_data):
        raise forms.ValidationError(
            _(
                "Scheduled changes carry the story's content, not its publication: change the status or time in a save of its own."
            )
        )
    return moment


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the author"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


class CorrectionForm(forms.ModelForm):
    """Shown inside the story's form, posted by a form of its own (the `form` attribute)."""

    prefix = "correction"

    class Meta:
        model = Correction
        fields = ["kind", "text"]
        widgets = {
            "kind": forms.Select(attrs={"form": "correction-form"}),
            "text": forms.Textarea(attrs={"rows": 3, "cols": 60, "form": "correction-form"}),
        }


class ShareForm(forms.Form):
    prefix = "share"

    hours = forms.IntegerField(
        label=_("Valid for (hours)"),
        min_value=1,
        max_value=720,
        initial=48,
        widget=forms.NumberInput(attrs={"form": "share-form"}),
    )
    note = forms.CharField(
        label=_("For whom"), required=False, max_length=200, widget=forms.TextInput(attrs={"form": "share-form"})
    )
