import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.body_render import picture_ids, reader_text
from articles.cards import CARD_FIELDS
from articles.images import identify, inspect_picture, stored_name
from articles.originals import without_metadata
from articles.sanitize import sanitize_html
from core.addresses import AddressPattern
from core.hooks import declared
from core.media import store

WORDS_PER_MINUTE = 230  # adult silent reading speed for news prose
ARCHIVE_YEARS = range(1000, 9999)  # dates Python and databases reckon with, a day later or in any zone
UPDATE_GRACE = timezone.timedelta(minutes=5)  # an edit this soon after publishing is not an update
STORY_ADDRESS = AddressPattern("articles:detail", year=int, month=int, day=int, slug=str)


class StoryOwner(models.Model):
    """A section, tag or author: a name, and a page listing its stories at `address` with its slug."""

    address = None  # an AddressPattern taking the slug

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.address(slug=self.slug)


class Section(StoryOwner):
    address = AddressPattern("articles:section", slug=str)

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Sections are listed in this order, lowest first.")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name, verbose_name_plural = _("section"), _("sections")


class Tag(StoryOwner):
    address = AddressPattern("articles:tag", slug=str)

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name, verbose_name_plural = _("tag"), _("tags")


# The usual licences, offered as suggestions: the field takes any text ("Courtesy of the family").
LICENCE_SUGGESTIONS = ["All rights reserved", "Fair use", "CC BY 4.0", "CC BY-SA 4.0", "CC0 1.0", "Handout"]


def image_upload_to(instance, filename):
    now = timezone.now()
    return f"images/{now:%Y/%m}/{filename}"


class PictureFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store an upload under a name of our choosing, without metadata (articles/originals.py);
        a storage failure leaves nothing behind and raises OSError."""
        content.seek(0)
        data = content.read()
        fmt, orientation = identify(data)
        data = without_metadata(data, fmt, orientation)
        name = self.field.generate_filename(self.instance, stored_name(name, fmt))
        self.name = store(self.storage, name, ContentFile(data), max_length=self.field.max_length)
        setattr(self.instance, self.field.attname, self.name)
        self._committed = True
        if save:
            self.instance.save()


class PictureField(models.ImageField):
    """An ImageField whose files are named by the server after their detected format."""

    attr_class = PictureFieldFile


class Image(models.Model):
    """An entry of the media library: the picture and everything said about it."""

    file = PictureField(_("file"), upload_to=image_upload_to)
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("For finding it in the library."))
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it. Required."),
    )
    caption = models.TextField(_("caption"), blank=True, max_length=1000)
    credit = models.CharField(
        _("credit"), max_length=200, blank=True, help_text=_('For example "AFP" or "Staff photo".')
    )
    licence = models.CharField(
        _("licence / rights"),
        max_length=100,
        blank=True,
        help_text=_('Pick one of the usual licences or type your own, e.g. "Courtesy of the family".'),
    )
    source_url = models.URLField(_("source URL"), blank=True, max_length=500)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    rendition_widths = models.JSONField(_("rendition widths"), default=list, blank=True, editable=False)
    has_transparency = models.BooleanField(_("has transparency"), default=False, editable=False)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name, verbose_name_plural = _("image"), _("images")

    def __str__(self):
        return self.title or self.alt_text

    def save(self, *args, **kwargs):
        file_changed = self._state.adding or self.file.name != getattr(self, "_stored_file_name", None)
        known_size = self._state.adding and self.width and self.height  # given by the caller (an importer)
        if self.file and file_changed and not known_size:  # its size as shown (EXIF applied), no renditions yet
            if self.file._committed:
                with self.file.open("rb") as source:
                    self.width, self.height, self.has_transparency = inspect_picture(source)
            else:  # an upload not yet stored: read it without closing it
                self.width, self.height, self.has_transparency = inspect_picture(self.file.file)
            self.rendition_widths = []
        super().save(*args, **kwargs)
        self._stored_file_name = self.file.name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_file_name = instance.__dict__.get("file")
        return instance


class Author(StoryOwner):
    address = AddressPattern("articles:author", slug=str)

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, allow_unicode=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=1000)
    photo = models.ForeignKey(
        "Image", verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
    )

    class Meta:
        ordering = ["name"]
        verbose_name, verbose_name_plural = _("author"), _("authors")


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one definition of "visible to readers": published, and its time has come (`now`)."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=now or timezone.now())

    def scheduled(self):  # published stories whose time has not come yet, the next one first
        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now()).order_by("publish_at")

    def next_publish_at(self):  # when the next scheduled story goes out, or None
        return self.scheduled().values_list("publish_at", flat=True).first()

    def for_listing(self, *, with_body=False):
        """A list's stories in a fixed number of queries (bylines with authors' names: one); feeds take all."""
        bylines = models.Prefetch("bylines", queryset=card_bylines())
        listing = self.select_related("section", "lead_image").prefetch_related(bylines)
        return listing if with_body else listing.only(*CARD_FIELDS)

    def for_page(self):
        """The story page's rows in a fixed number of queries (features add `article_page_prefetches`)."""
        return self.select_related(*page_joins()).prefetch_related(*page_prefetches())


def card_bylines():  # a card's bylines: the authors' names and addresses
    return Byline.objects.select_related("author").only("article", "order", "author__name", "author__slug")


def page_joins():
    """What the story page reads with the story's row; features add `article_page_joins` (one-to-one)."""
    return ["section", "lead_image", *declared("article_page_joins")]


def page_prefetches():
    """The story page's reads besides its row (for_page); bylines with authors and photos in one query."""
    bylines = models.Prefetch("bylines", queryset=Byline.objects.select_related("author__photo"))
    return [bylines, "tags", "key_points", *declared("article_page_prefetches")]


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")

    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        help_text=_("The last part of the story's address; unique for its publish date."),
    )
    standfirst = models.TextField(
        _("standfirst"), max_length=400, blank=True, help_text=_("One or two sentences under the headline.")
    )
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), through="Byline", related_name="articles", blank=True
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), related_name="articles", blank=True)
    dateline = models.CharField(_("dateline"), max_length=100, blank=True, help_text=_('For example "BAGHDAD, Iraq".'))
    body = models.TextField(_("body"), blank=True)
    lead_image = models.ForeignKey(
        Image, verbose_name=_("lead image"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_caption = models.TextField(
        _("lead image caption"),
        blank=True,
        max_length=1000,
        help_text=_("Leave empty to use the caption from the image library."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish at"),
        default=timezone.now,
        db_index=True,
        help_text=_("A published story appears on the site at this time; set a future time to schedule it."),
    )
    first_published_at = models.DateTimeField(_("first published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    editors_note = models.TextField(
        _("editor's note / correction"),
        blank=True,
        max_length=2000,
        help_text=_("Shown above the tags, e.g. what a correction changed."),
    )
    comments_enabled = models.BooleanField(_("comments enabled"), default=True)
    pinned = models.BooleanField(_("pinned"), default=False, help_text=_("Kept at the top of the home page."))
    word_count = models.PositiveIntegerField(_("word count"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(
        _("comment count"), default=0, editable=False, help_text=_("Approved comments; kept by the comments app.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name, verbose_name_plural = _("article"), _("articles")
        permissions = [("publish_article", _("Can publish articles"))]
        # Each matches an ordering a list reads in, so no list sorts the archive (docs/scaling.md).
        indexes = [
            models.Index(fields=["status", "publish_at", "id"], name="article_published_order_idx"),
            models.Index(fields=["status", "pinned", "publish_at", "id"], name="article_front_page_idx"),
            models.Index(fields=["section", "status", "publish_at", "id"], name="article_section_order_idx"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        self.word_count = len(reader_text(self.body).split())
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = self.publish_at
        super().save(*args, **kwargs)
        if "body" in (kwargs.get("update_fields") or ["body"]):
            self.keep_body_pictures()

    def get_absolute_url(self):
        local = timezone.localtime(self.publish_at)
        return STORY_ADDRESS(year=local.year, month=local.month, day=local.day, slug=self.slug)

    def clean(self):
        super().clean()
        if self.slug and self.publish_at:
            local_day = timezone.localtime(self.publish_at).date()
            clash = Article.objects.filter(slug=self.slug).exclude(pk=self.pk)
            if any(
                timezone.localtime(other).date() == local_day for other in clash.values_list("publish_at", flat=True)
            ):
                raise ValidationError(
                    {"slug": _("Another story published on the same day already uses this slug; choose another.")},
                    code="slug_taken",
                )

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def read_minutes(self):
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @property
    def was_updated(self):
        """True when the story changed after it went out; shown as "Updated …"."""
        went_out = max(self.publish_at, self.created_at or self.publish_at)
        return self.is_published and self.updated_at > went_out + UPDATE_GRACE

    @property
    def lead_caption(self):
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""

    def keep_body_pictures(self):
        """BodyPicture rows for exactly the library pictures the body shows."""
        wanted, have = picture_ids(self.body), set(self.body_pictures.values_list("image_id", flat=True))
        if wanted - have:
            found = Image.objects.filter(pk__in=wanted - have).values_list("pk", flat=True)
            BodyPicture.objects.bulk_create([BodyPicture(article=self, image_id=pk) for pk in found])
        if have - wanted:
            self.body_pictures.filter(image_id__in=have - wanted).delete()


class Byline(models.Model):
    """An author's place in a story's byline; `publish_at` is the story's, copied (articles/signals.py)
    so that an author's page reads one range of an index, newest first, however large the archive."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    publish_at = models.DateTimeField(editable=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name, verbose_name_plural = _("byline"), _("bylines")
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author")]
        indexes = [models.Index(fields=["author", "-publish_at", "-article"], name="byline_author_newest_idx")]

    def __str__(self):
        return str(self.author)


class KeyPoint(models.Model):
    """One bullet of "At a glance"."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="key_points")
    text = models.CharField(_("text"), max_length=250)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name, verbose_name_plural = _("key point"), _("key points")

    def __str__(self):
        return self.text


class BodyPicture(models.Model):
    """A library picture a story's body shows (a figure or gallery refers to it by id), kept in step
    with the body on save, so that a picture in use cannot be deleted: the refusal lists the stories."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="body_pictures")
    image = models.ForeignKey(Image, verbose_name=_("image"), on_delete=models.PROTECT, related_name="in_bodies")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "image"], name="body_picture_once")]
        verbose_name, verbose_name_plural = _("picture in a story"), _("pictures in stories")

    def __str__(self):
        return str(self.article)


from articles.embed_records import EmbeddedPost  # noqa: E402, F401 - a model of this app, in its own module
