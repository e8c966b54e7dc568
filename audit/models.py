"""Who changed what readers see, when, and from which state to which: never edited, never deleted."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.times import person_time


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        PUBLISH = "publish", _("Published")
        SCHEDULE = "schedule", _("Scheduled")
        RESCHEDULE = "reschedule", _("Rescheduled")
        UNPUBLISH = "unpublish", _("Unpublished")
        DELETE = "delete", _("Deleted")
        CHANGES_SUBMITTED = "changes_submitted", _("Changes submitted for review")
        CHANGES_APPROVED = "changes_approved", _("Changes approved")
        CHANGES_REJECTED = "changes_rejected", _("Changes rejected")
        CHANGES_SCHEDULED = "changes_scheduled", _("Changes scheduled")
        CHANGES_APPLIED = "changes_applied", _("Scheduled changes applied")
        CHANGES_CANCELLED = "changes_cancelled", _("Scheduled changes cancelled")
        CHANGES_NOT_APPLIED = "changes_not_applied", _("Scheduled changes not applied")
        RESTORE = "restore", _("Revision restored")
        CORRECTION = "correction", _("Correction or update added")
        SHARE = "share", _("Draft shared")
        SHARE_REVOKED = "share_revoked", _("Draft link revoked")
        COMMENT_MODERATED = "comment_moderated", _("Comment moderated")
        COMMENT_EDITED = "comment_edited", _("Comment edited")
        LIVE_UPDATE_POSTED = "live_update_posted", _("Live update posted")
        LIVE_UPDATE_PUBLISHED = "live_update_published", _("Live update published after review")
        LIVE_UPDATE_DELETED = "live_update_deleted", _("Live update deleted")
        LIVE_ENDED = "live_ended", _("Live coverage ended")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # Kept as written, so the trail still names people whose accounts are gone.
    actor_name = models.CharField(_("who"), max_length=150, blank=True)
    action = models.CharField(_("what"), max_length=40, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=40, db_index=True)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=300)
    from_state = models.CharField(_("from"), max_length=80, blank=True)
    to_state = models.CharField(_("to"), max_length=80, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"], name="audit_object_idx")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{person_time(self.at)} {self.actor_name}: {self.get_action_display()} {self.object_repr}"
