"""Admin forms: what an editor may enter, with the reason when something is refused."""

import functools
import operator

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.templatetags.static import static
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

from articles import body_schema
from articles.body_compare import equivalent, losses
from articles.images import validate_image_file
from articles.models import LICENCE_SUGGESTIONS, Article, Image, Tag
from articles.sanitize import sanitize_html


class BodyEditorWidget(AdminProseEditorWidget):
    """The visual editor with the body schema's extensions, ours loaded from static files."""

    def get_config(self):
        return super().get_config() | {"js_modules": [static(body_schema.EDITOR_MODULE)]}

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["css/body_editor.css"]}, js=["js/body_editor_form.js"])


def body_editor_field():
    return ProseEditorFormField(
        label=_("Body"), required=False, config={"extensions": body_schema.editor_extensions()}, widget=BodyEditorWidget
    )


def body_html_field(help_text):
    return forms.CharField(
        label=_("Body (HTML)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
        help_text=help_text,
    )


class BodyEditingForm(forms.ModelForm):
    """A form with a story body (stories and pages): the visual editor, and nothing lost by it."""

    body = body_editor_field()
    # What the visual editor held right after it opened the stored body (filled in by
    # js/body_editor_form.js): tells an unchanged save from an edit, and shows what it could not hold.
    body_as_loaded = forms.CharField(required=False, widget=forms.HiddenInput)
    # "html" once the story is open as HTML (the editor could not hold it).
    body_mode = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields and self.data.get(self.add_prefix("body_mode")) == "html":
            self.fields["body"] = body_html_field(OPEN_AS_HTML)

    def clean_body(self):
        """Keep the stored body when the writer changed nothing; refuse a save that would lose
        what the visual editor could not hold, and reopen the story as HTML so nothing is lost."""
        submitted = sanitize_html(self.cleaned_data.get("body") or "")
        stored = self.instance.body if self.instance.pk else ""
        as_loaded = self.data.get(self.add_prefix("body_as_loaded"))  # cleaned after the body
        if not self.instance.pk or not as_loaded or self.data.get(self.add_prefix("body_mode")) == "html":
            return stored if equivalent(submitted, stored) else submitted
        loaded = sanitize_html(as_loaded)
        if submitted == loaded or equivalent(submitted, stored):
            return stored
        lost = losses(stored, loaded)
        if not lost:
            return submitted
        self.data = self.data.copy()
        self.data[self.add_prefix("body")] = stored
        self.data[self.add_prefix("body_mode")] = "html"
        self.fields["body"] = body_html_field(OPEN_AS_HTML)
        self._bound_fields_cache.pop("body", None)  # rendered again with the HTML field
        raise forms.ValidationError(
            _(
                "Not saved: the visual editor cannot hold part of this story (%(lost)s), and saving would have "
                "lost it. The story is now open as HTML with nothing lost; make your change there."
            ),
            code="would_lose",
            params={"lost": "; ".join(lost)},
        )

    @cached_property
    def changed_data(self):
        # The editor writes the same body in its own words; an equivalent body is no change.
        changed = forms.BaseForm.changed_data.func(self)
        if "body" in changed and getattr(self, "cleaned_data", {}).get("body") == (self.instance.body or ""):
            changed.remove("body")
        return [name for name in changed if name not in ("body_as_loaded", "body_mode")]


OPEN_AS_HTML = _("This story is open as HTML: the visual editor cannot hold all of it.")


class ArticleAdminForm(BodyEditingForm):
    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "section",
            "tags",
            "dateline",
            "body",
            "lead_image",
            "lead_image_caption",
            "status",
            "publish_at",
            "comments_enabled",
            "editors_note",
        ]
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField", "size": 80}),
            "slug": forms.TextInput(attrs={"class": "vLargeTextField", "size": 80}),
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "lead_image_caption": forms.Textarea(attrs={"rows": 2}),
            "editors_note": forms.Textarea(attrs={"rows": 3}),
        }

    # Set by ArticleAdmin.get_form: the person editing.
    current_user = None
    new_tags = forms.CharField(
        label=_("New tags"),
        required=False,
        max_length=500,
        help_text=_("Tags that do not exist yet, separated by commas: they are made when you save."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "publish_at" in self.fields and not self.can_publish:
            # When readers see a story is an editor's decision: the time is shown, and whatever
            # a request sends for it is ignored (a disabled field keeps its stored value).
            self.fields["publish_at"].disabled = True
            self.fields["publish_at"].help_text = _("Editors set when a story goes out.")
        if "status" in self.fields and not self.can_publish:
            already_published = self.instance.pk and self.instance.status == Article.Status.PUBLISHED
            if not already_published:
                self.fields["status"].choices = [
                    choice for choice in self.fields["status"].choices if choice[0] != Article.Status.PUBLISHED
                ]
                self.fields["status"].help_text = _("Only editors can publish; set “In review” when it is ready.")

    @property
    def can_publish(self):
        return self.current_user is not None and self.current_user.has_perm("articles.publish_article")

    def clean(self):
        cleaned = super().clean()
        names = list(dict.fromkeys(" ".join(name.split()) for name in cleaned.get("new_tags", "").split(",")))
        names = [name[:100] for name in names if name]
        if names and not self.errors:
            cleaned["tags"] = [*(cleaned.get("tags") or []), *self.tags_named(names)]
        publish_at = cleaned.get("publish_at")
        going_out = cleaned.get("status") == Article.Status.PUBLISHED and self.instance.first_published_at is None
        if going_out and publish_at is not None and publish_at <= timezone.now():
            # First publication goes out now, as "Publish now" does; only a future time schedules.
            cleaned["publish_at"] = timezone.now()
        return cleaned

    def tags_named(self, names):
        """The tags called `names` (any case), made when missing and this person may make tags."""
        known = Tag.objects.filter(functools.reduce(operator.or_, (Q(name__iexact=name) for name in names)))
        found = {tag.name.casefold(): tag for tag in known}
        missing = [name for name in names if name.casefold() not in found]
        if missing and not (self.current_user and self.current_user.has_perm("articles.add_tag")):
            self.add_error("new_tags", _("You may not make new tags: choose from the tags above."))
            return []
        for name in missing:
            found[name.casefold()] = tag_create(name)
        return [found[name.casefold()] for name in names]

    def clean_status(self):
        status = self.cleaned_data["status"]
        was = self.instance.status if self.instance.pk else None
        if not self.can_publish and status != was and Article.Status.PUBLISHED in (status, was):
            raise forms.ValidationError(
                _("Only editors can publish a story or take it off the site. Ask an editor, or set “In review”."),
                code="cannot_publish",
            )
        return status


def tag_create(name):
    """A new tag called `name`, with a free slug (or the one another editor just made)."""
    base = slugify(name, allow_unicode=True)[:90] or "tag"
    slug, number = base, 1
    while Tag.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    try:
        with transaction.atomic():
            return Tag.objects.create(name=name, slug=slug)
    except IntegrityError:
        return Tag.objects.get(name__iexact=name)


class SuggestionsInput(forms.TextInput):
    """A text box that suggests the usual values (a <datalist>) but accepts any text."""

    def __init__(self, suggestions, attrs=None):
        super().__init__(attrs)
        self.suggestions = suggestions

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id', name)}-suggestions"
        self.attrs["list"] = list_id
        return format_html(
            '{}<datalist id="{}">{}</datalist>',
            super().render(name, value, attrs, renderer),
            list_id,
            format_html_join("", '<option value="{}">', ((item,) for item in self.suggestions)),
        )


class ImageAdminForm(forms.ModelForm):
    # A plain file field: our validator gives the precise reason (type, size, pixels, damage)
    # where Django's ImageField would only say "not a valid image".
    file = forms.FileField(label=_("File"), help_text=_("JPEG, PNG, WebP or GIF."))
    licence = forms.CharField(
        label=_("Licence / rights"),
        required=False,
        max_length=100,
        widget=SuggestionsInput(LICENCE_SUGGESTIONS),
        help_text=Image._meta.get_field("licence").help_text,
    )
    source_url = forms.URLField(label=_("Source URL"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Image
        fields = ["file", "alt_text", "title", "caption", "credit", "licence", "source_url"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            validate_image_file(upload)
        return upload

    def clean(self):
        """Store a new upload now, once everything else is right, so that a storage failure
        (a full disk) is a message beside the field rather than an error page."""
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and hasattr(upload, "content_type") and not self.errors:
            try:
                self.instance.file.save(upload.name, upload, save=False)
            except OSError:
                self.add_error(
                    "file",
                    forms.ValidationError(
                        _(
                            "The server could not store this file (its disk may be full), so nothing was kept. "
                            "Try again in a while, and tell the site's administrators if it keeps happening."
                        ),
                        code="not_stored",
                    ),
                )
            else:
                cleaned["file"] = self.instance.file.name
        return cleaned
