"""What an app declares in its AppConfig for another app to pick up (docs/architecture.md,
"Declared hooks": `article_admin_inlines`, `article_page_joins`, `article_page_prefetches`),
read one way, so the app that reads them never imports the features."""

from django.apps import apps


def declared(attribute):
    """Every entry the installed apps list under `attribute` in their AppConfig, in app order."""
    return [entry for config in apps.get_app_configs() for entry in getattr(config, attribute, ())]
