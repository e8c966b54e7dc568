from django.db.models import F

from core.sitemaps import SiteSitemap
from pages.models import Page


class PageSitemap(SiteSitemap):
    def items(self):
        return Page.objects.published().annotate(lastmod=F("updated_at")).only("path", "updated_at").order_by("path")
