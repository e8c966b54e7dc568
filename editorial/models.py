"""Revisions of stories, corrections, and shared draft links."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from audit.services import person_name
from core.times import person_time


class RevisionQuerySet(models.QuerySet):
    def saved(self):
        """The versions the story actually had, in order."""
        return self.filter(status=Revision.Status.SAVED)

    def pending(self):
        return self.filter(status=Revision.Status.PENDING)

    def scheduled(self):
        return self.filter(status=Revision.Status.SCHEDULED)

    def open_changes(self):
        """Changes not yet live that their author may still edit: awaiting review or scheduled."""
        return self.filter(status__in=[Revision.Status.PENDING, Revision.Status.SCHEDULED])

    def due(self):
        return self.scheduled().filter(apply_at__lte=timezone.now())


class Revision(models.Model):
    """One version of a story as a save left it (or as someone proposed it). Never rewritten:
    approving, scheduling or restoring records a new one."""

    class Status(models.TextChoices):
        SAVED = "saved", _("Saved")
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SCHEDULED = "scheduled", _("Scheduled")
        APPLIED = "applied", _("Applied as scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        CONFLICT = "conflict", _("Kept after an edit conflict")
        SUPERSEDED = "superseded", _("Replaced by a later version")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(_("saved at"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SAVED, db_index=True)
    data = models.JSONField(_("content"))
    based_on = models.ForeignKey(
        "self", verbose_name=_("based on"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    apply_at = models.DateTimeField(_("goes live at"), null=True, blank=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("note from the reviewer"), blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        return f"{self.article} — {self.get_status_display()} {person_time(self.created_at)}"

    @property
    def by_name(self):
        return person_name(self.created_by)

    @property
    def reviewer_name(self):
        return person_name(self.reviewed_by)


class Correction(models.Model):
    """A dated correction or update to a published story. Not an edit: it stays whatever
    happens to the story's text later."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(_("text"), max_length=1000)
    published_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:80]}"


class DraftLink(models.Model):
    """A signed link to a story's preview for someone without an account, until it expires or is revoked."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="draft_links")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    note = models.CharField(_("for whom"), max_length=200, blank=True, help_text=_("For example “our lawyer”."))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("shared draft link")
        verbose_name_plural = _("shared draft links")

    def __str__(self):
        return f"{self.article} ({self.note or person_time(self.created_at)})"

    @property
    def is_valid(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
