from core.sitemaps import SiteSitemap
from pages.models import Page


class PageSitemap(SiteSitemap):
    def items(self):
        return Page.objects.published().only("path", "updated_at").order_by("path")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        latest = self.items().order_by("-updated_at").first()
        return latest.updated_at if latest else None
