from django import forms
from django.utils.translation import gettext_lazy as _

CONSENT_TEXT = _(
    "Send me the week's stories every Sunday. I can unsubscribe at any time with the link in every e-mail."
)


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Tick the box to agree to receive the digest.")},
    )

    def __init__(self, *args, place="page", **kwargs):
        kwargs.setdefault("auto_id", f"id_newsletter_{place}_%s")
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "placeholder": "name@example.org"})
