"""Live stories: a story covered as it happens, with short timestamped updates (live/services.py
writes them; live/views.py answers the readers' "anything newer?")."""

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Author
from articles.sanitize import sanitize_html

NEXT_UPDATE_KEY = "live:next-scheduled-update"


def coverage_of(article):
    """The story's live coverage or None, read once per article instance (the page's live block
    and its JSON-LD ask the same instance)."""
    try:
        return article.live
    except LiveCoverage.DoesNotExist:
        return None


class LiveCoverage(models.Model):
    """A story that is (or was) covered live: its summary, and how its updates are shown."""

    article = models.OneToOneField(Article, verbose_name=_("story"), on_delete=models.CASCADE, related_name="live")
    summary = models.TextField(_("summary"), blank=True, help_text=_("What readers need first, kept up to date."))
    started_at = models.DateTimeField(_("coverage started"), default=timezone.now)
    ended_at = models.DateTimeField(_("coverage ended"), null=True, blank=True)
    newest_first = models.BooleanField(_("newest updates first"), default=True)
    reporters_post_directly = models.BooleanField(
        _("reporters' updates go out at once"),
        default=False,
        help_text=_("Otherwise a Reporter's update waits for an editor, as changes to live stories do."),
    )

    class Meta:
        verbose_name = _("live coverage")
        verbose_name_plural = _("live coverage")

    def __str__(self):
        return str(self.article)

    def save(self, *args, **kwargs):
        self.summary = sanitize_html(self.summary)
        super().save(*args, **kwargs)

    @property
    def is_live(self):
        return self.ended_at is None or self.ended_at > timezone.now()


class LiveUpdateQuerySet(models.QuerySet):
    def shown(self):
        """What readers see: published updates whose time has come."""
        return self.filter(status=LiveUpdate.Status.PUBLISHED, publish_at__lte=timezone.now())

    def next_publish_at(self):
        """When the next scheduled update goes out, or None: kept a minute in the shared cache (the
        page cache asks on every page it stores), forgotten when an update is scheduled."""
        cached = cache.get(NEXT_UPDATE_KEY)
        if cached is not None:
            return None if cached == "none" else cached
        later = self.filter(status=LiveUpdate.Status.PUBLISHED, publish_at__gt=timezone.now())
        moment = later.order_by("publish_at").values_list("publish_at", flat=True).first()
        cache.set(NEXT_UPDATE_KEY, moment or "none", 60)
        return moment


class LiveUpdate(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an editor")
        PUBLISHED = "published", _("Published")

    coverage = models.ForeignKey(LiveCoverage, on_delete=models.CASCADE, related_name="updates")
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    body = models.TextField(_("update"))
    is_key = models.BooleanField(_("key event"), default=False, help_text=_("Listed at the top under “Key events”."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    publish_at = models.DateTimeField(_("goes out at"), default=timezone.now, db_index=True)
    authors = models.ManyToManyField(Author, verbose_name=_("by"), blank=True, related_name="live_updates")
    correction = models.TextField(_("correction"), blank=True, help_text=_("Shown on the update when it is corrected."))
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        indexes = [models.Index(fields=["coverage", "status", "publish_at", "id"], name="live_update_order_idx")]
        verbose_name = _("live update")
        verbose_name_plural = _("live updates")

    def __str__(self):
        return self.headline or self.body[:60]

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        return f"update-{self.pk}"
