from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The project itself: site-wide commands, search, feeds, sitemaps, SEO tags and redirects."""

    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from newsroom import signals

        signals.connect()
