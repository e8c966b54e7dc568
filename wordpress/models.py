from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedObjectQuerySet(models.QuerySet):
    def remember(self, site, kind, wp_id, object_id, digest):
        """Note that `site`'s WordPress object `wp_id` became our row `object_id`, as of fingerprint `digest`."""
        return self.update_or_create(
            site=site, kind=kind, wp_id=wp_id, defaults={"object_id": object_id, "source_hash": digest}
        )


class ImportedObject(models.Model):
    """Remembers which of our rows a WordPress object became, so importing again updates it.

    WordPress ids are only unique within one site, so a row is keyed by the site the export
    came from (`site`: its address without the scheme) as well as the id.
    """

    class Kind(models.TextChoices):
        POST = "post", _("post → article")
        PAGE = "page", _("page → page")
        ATTACHMENT = "attachment", _("attachment → image")
        COMMENT = "comment", _("comment")
        AUTHOR = "author", _("user → author")

    site = models.CharField(_("WordPress site"), max_length=300, default="", blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    wp_id = models.BigIntegerField(_("WordPress id"))
    object_id = models.BigIntegerField()
    source_hash = models.CharField(max_length=64, help_text=_("Fingerprint of the exported item, to spot changes."))
    imported_at = models.DateTimeField(auto_now=True)

    objects = ImportedObjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("imported WordPress object")
        verbose_name_plural = _("imported WordPress objects")
        constraints = [models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="one_row_per_site_object")]

    def __str__(self):
        return f"{self.site} {self.kind} {self.wp_id} → {self.object_id}"
