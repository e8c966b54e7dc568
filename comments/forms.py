from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from comments.models import validate_no_control_characters
from comments.moderation import without_format_characters


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Never published."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    url = forms.URLField(label=_("Website"), max_length=300, required=False, assume_scheme="https")
    body = forms.CharField(label=_("Comment"), strip=False, widget=forms.Textarea(attrs={"rows": 6}))
    notify_replies = forms.BooleanField(label=_("Notify me of follow-up replies by e-mail"), required=False)
    save_details = forms.BooleanField(
        label=_("Save my name, e-mail and website in this browser for the next time I comment"), required=False
    )
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    # A field people never see; bots that fill every field give themselves away.
    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].max_length = settings.COMMENTS_MAX_LENGTH
        self.fields["body"].widget.attrs["maxlength"] = settings.COMMENTS_MAX_LENGTH
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["url"].widget.attrs["autocomplete"] = "url"

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please give a name to sign your comment with."), code="required")
        validate_no_control_characters(name)
        return name

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not without_format_characters(body).strip():  # nothing a reader would see
            raise forms.ValidationError(_("Your comment is empty. Write something before you post."), code="empty")
        if len(body) > settings.COMMENTS_MAX_LENGTH:
            raise forms.ValidationError(
                _("Your comment is %(length)s characters long; the limit is %(limit)s. Shorten it and post again."),
                code="too_long",
                params={"length": len(body), "limit": settings.COMMENTS_MAX_LENGTH},
            )
        return body

    def focus_first_error(self):
        """Put the focus on the first refused field (or on the text when the reason is about the
        whole comment), no script needed. Django points each field at `<id>_error` and `<id>_helptext`."""
        first = next((name for name in self.fields if name in self.errors), "body")
        self.fields[first].widget.attrs["autofocus"] = True

    @property
    def is_bot(self):
        return bool(self.data.get("homepage"))


# The model's field names, and the form fields a reader fills them in with.
FORM_FIELD_FOR = {"author_name": "name", "author_email": "email", "author_url": "url", "body": "body"}


def add_model_errors(form, error):
    """Put a ValidationError raised by the comment model on the form fields the reader typed in;
    anything else goes on top of the form."""
    for model_field, messages in getattr(error, "message_dict", {None: error.messages}).items():
        field = FORM_FIELD_FOR.get(model_field)
        for message in messages:
            form.add_error(field, message)
