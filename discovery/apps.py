from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    """How readers and machines find stories: search, feeds, sitemaps, SEO tags, structured data."""

    name = "discovery"
    verbose_name = _("Discovery")

    def ready(self):
        from discovery import signals

        signals.connect()
