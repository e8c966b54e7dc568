"""The posts stories embed, and whether each still answers (articles/embed_checks.py asks now and
then). The card each story shows is in its body; this is the newsroom's list to look after."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmbeddedPost(models.Model):
    url = models.URLField(_("address"), max_length=2000, unique=True)
    provider = models.CharField(_("provider"), max_length=20)
    stories = models.ManyToManyField("articles.Article", verbose_name=_("stories"), related_name="embedded_posts")
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True, db_index=True)
    answers = models.BooleanField(_("still answers"), null=True, help_text=_("Empty: not checked yet."))
    problem = models.CharField(_("what the check found"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("embedded post")
        verbose_name_plural = _("embedded posts")

    def __str__(self):
        return self.url
