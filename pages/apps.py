from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")
    # Collected by discovery's sitemap index (discovery/sitemaps.py).
    sitemaps = {"pages": "pages.sitemaps.PageSitemap"}

    def ready(self):
        from django.core.cache import cache
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from articles.public_pictures import register
        from core.versions import invalidate_public_pages
        from pages.context_processors import LINKS_KEY
        from pages.models import Page

        def changed(sender, **kwargs):
            # Every page carries the footer's links: a changed page refreshes them all.
            transaction.on_commit(lambda: (cache.delete(LINKS_KEY), invalidate_public_pages()))

        # A published page's lead picture is one readers see: Reporters may not change it.
        register(
            Page,
            "lead_image",
            lambda image: Page.objects.filter(status=Page.Status.PUBLISHED, lead_image=image).exists(),
        )

        post_save.connect(changed, sender=Page, dispatch_uid="pages-changed", weak=False)
        post_delete.connect(changed, sender=Page, dispatch_uid="pages-deleted", weak=False)
