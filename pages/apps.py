from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")
    # Collected by discovery's sitemap index (discovery/sitemaps.py).
    sitemaps = {"pages": "pages.sitemaps.PageSitemap"}

    def ready(self):
        from django.core.cache import cache

        from articles.public_pictures import register
        from core.pagecache import shown_on_public_pages
        from pages.context_processors import LINKS_KEY
        from pages.models import Page

        # Every page carries the footer's links: a changed page refreshes them all.
        shown_on_public_pages(Page, also=lambda page: cache.delete(LINKS_KEY))
        # A published page's lead picture is one readers see: Reporters may not change it.
        register(
            Page,
            "lead_image",
            lambda image: Page.objects.filter(status=Page.Status.PUBLISHED, lead_image=image).exists(),
        )
