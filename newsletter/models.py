from django.db import models
from django.db.models.functions import Lower
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class Subscriber(models.Model):
    email = models.EmailField(_("e-mail"), max_length=254)

    class Status(models.TextChoices):
        """Where the reader is in double opt-in: only confirmed addresses get the digest."""

        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    consent_text = models.TextField(_("consent given"), blank=True, help_text=_("The words the reader agreed to."))
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="subscriber_email_unique_ci")]

    def __str__(self):
        return self.email


class Digest(models.Model):
    """One weekly digest: the stories of [period_start, period_end), sent once to each subscriber."""

    period_start = models.DateTimeField(_("from"))
    period_end = models.DateTimeField(_("until"))
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    story_count = models.PositiveIntegerField(_("stories"), default=0)
    sent_count = models.PositiveIntegerField(_("sent"), default=0)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-period_start"]
        constraints = [models.UniqueConstraint(fields=["period_start", "period_end"], name="one_digest_per_period")]

    def __str__(self):
        return f"{date_format(self.period_start, 'DATE_FORMAT')} – {date_format(self.period_end, 'DATE_FORMAT')}"


class Delivery(models.Model):
    """One digest to one subscriber, recorded *before* the message goes to the mail server.

    A run killed at any point leaves the row, so no later run sends that message again
    (at most once). `accepted_at` is set when the server took the message; a row without it
    is one a run died sending, which may or may not have arrived.
    """

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    sent_at = models.DateTimeField(_("sending started at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted by the mail server at"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["digest", "subscriber"], name="one_delivery_per_subscriber")]

    def __str__(self):
        return f"{self.digest} → {self.subscriber}"
