from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class SearchEntry(models.Model):
    """The searchable text of one article, kept fresh by `discovery.signals`.

    The plain-text columns feed both indexes: on PostgreSQL the weighted `document`
    (GIN-indexed); on SQLite an FTS5 table that reads these columns as its external
    content and is kept in step by triggers (see migration 0001).
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_entry", verbose_name=_("article")
    )
    headline = models.TextField(_("headline"), blank=True)
    standfirst = models.TextField(_("standfirst"), blank=True)
    body = models.TextField(_("body text"), blank=True)
    # Only filled on PostgreSQL; on SQLite the column exists and stays empty.
    document = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        # The table (and the FTS5 table beside it) kept the name they had before search moved
        # out of the project package into this app; see discovery/migrations/0001_initial.py.
        db_table = "newsroom_searchentry"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return self.headline


class SitemapMonth(models.Model):
    """One month of the archive as the sitemap index lists it: its stories are in
    `/sitemap-articles-YYYY-MM.xml`. Kept by `discovery.signals` as stories are saved or deleted
    (`refresh_sitemap_months` rebuilds them all), so the index never reads the archive."""

    month = models.DateField(_("month"), primary_key=True, help_text=_("Its first day, in the site's time zone."))
    stories = models.PositiveIntegerField(_("published stories"), default=0)
    last_modified = models.DateTimeField(_("last change to one of them"))
    latest_publish_at = models.DateTimeField(_("latest publishing time"))

    class Meta:
        ordering = ["-month"]
        verbose_name = _("sitemap month")
        verbose_name_plural = _("sitemap months")

    def __str__(self):
        return self.month.strftime("%Y-%m")
