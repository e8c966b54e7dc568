from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedirectsConfig(AppConfig):
    """Old addresses that answer 301 with their new one: model, admin, middleware and service."""

    name = "redirects"
    verbose_name = _("Redirects")

    def ready(self):
        from redirects import signals

        signals.connect()
