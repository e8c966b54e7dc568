from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The project itself: settings, root URLs and site-wide commands (ensure_admin, seed_demo)."""

    name = "newsroom"
    verbose_name = _("Newsroom")
