"""Pages that stand outside the news flow: About, Contact, Privacy, Corrections policy, Terms.

A page may sit under another (`/about/team/`); its address is its ancestors' slugs and its
own, kept in `path` so that a request finds it with one indexed query.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Image
from articles.sanitize import sanitize_html
from core.signals import address_moved

# First parts of addresses the site already answers: a top-level page may not take them.
RESERVED_SLUGS = {
    "admin", "author", "comments", "corrections", "engagement", "feed", "feeds", "media", "newsletter",
    "preview", "search", "section", "shared", "sitemap", "static", "tag", "category", "page", "wp-content", "csrf",
}  # fmt: skip
MAX_DEPTH = 5


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Page.Status.PUBLISHED)


class Page(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Purpose(models.TextChoices):
        NONE = "", _("—")
        ABOUT = "about", _("About us")
        CONTACT = "contact", _("Contact")
        PRIVACY = "privacy", _("Privacy policy")
        CORRECTIONS = "corrections", _("Corrections policy")
        TERMS = "terms", _("Terms of use")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent page"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=600, unique=True, editable=False)
    body = models.TextField(_("body"), blank=True)
    lead_image = models.ForeignKey(
        Image, verbose_name=_("image"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    purpose = models.CharField(
        _("purpose"),
        max_length=12,
        choices=Purpose.choices,
        blank=True,
        help_text=_("The privacy page is linked from every form that asks for an e-mail address."),
    )
    archived_comments = models.TextField(
        _("comments from before"),
        blank=True,
        help_text=_("Comments the page had on the old site (imported, shown under it); the page takes no new ones."),
    )
    in_footer = models.BooleanField(_("link in the footer"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Lowest first in the footer."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["purpose"], condition=~models.Q(purpose=""), name="one_page_per_purpose"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, _moved=None, **kwargs):
        self.body = sanitize_html(self.body)
        self.archived_comments = sanitize_html(self.archived_comments)
        self.path = self.build_path()
        moved = _moved if _moved is not None else set()
        moved.add(self.pk)
        before = Page.objects.filter(pk=self.pk).values("path", "status").first() if self.pk else None
        with transaction.atomic():
            super().save(*args, **kwargs)
            if before and before["path"] != self.path and before["status"] == self.status == self.Status.PUBLISHED:
                old_url = reverse("pages:page", kwargs={"path": before["path"]})
                address_moved.send(sender=Page, old_path=old_url, new_path=self.get_absolute_url())
            for child in self.children.exclude(pk__in=[pk for pk in moved if pk]):
                child.save(_moved=moved)  # a moved or renamed page moves its subpages (each once)

    def get_absolute_url(self):
        return reverse("pages:page", kwargs={"path": self.path})

    def ancestors(self):
        chain, page = [], self.parent
        while page is not None and len(chain) <= MAX_DEPTH:
            chain.insert(0, page)
            page = page.parent
        return chain

    def subtree_height(self):
        """How many levels of subpages hang under this page (0 for none)."""
        height, level = 0, [self.pk] if self.pk else []
        while level and height <= MAX_DEPTH:
            level = list(Page.objects.filter(parent__in=level).values_list("pk", flat=True))
            height += bool(level)
        return height

    def build_path(self, ancestors=None):
        ancestors = self.ancestors() if ancestors is None else ancestors
        return "/".join([*(page.slug for page in ancestors), self.slug])

    def clean(self):
        super().clean()
        if self.parent_id is None and self.slug.lower() in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is taken by another part of the site; choose another.")})
        if self.slug.isdigit() and self.parent_id is None:
            raise ValidationError({"slug": _("A top-level page's slug cannot be only digits (those are date pages).")})
        chain = self.ancestors()
        if self.pk and any(page.pk == self.pk for page in chain):
            raise ValidationError({"parent": _("A page cannot sit under itself or one of its own subpages.")})
        if len(chain) + self.subtree_height() >= MAX_DEPTH:
            raise ValidationError({"parent": _("Pages nest at most %(depth)s deep.") % {"depth": MAX_DEPTH}})
        clash = Page.objects.filter(path=self.build_path(chain)).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError({"slug": _("Another page already has this address.")})
