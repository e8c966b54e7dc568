from django.db import models
from django.utils.translation import gettext_lazy as _


class Redirect(models.Model):
    """An old address that now answers 301 with a new one (changed slugs, imported archives)."""

    old_path = models.CharField(
        _("old path"),
        max_length=500,
        unique=True,
        help_text=_('The path only, starting with "/", e.g. /2024/01/02/old/.'),
    )
    new_path = models.CharField(_("new path"), max_length=500, help_text=_("Where readers are sent instead."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        # The table kept its name from when this model lived in the articles app.
        db_table = "articles_redirect"
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"
