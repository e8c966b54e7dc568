from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project itself, installed for its management commands (seed_demo, ensure_admin)."""

    name = "newsroom"
    verbose_name = "Newsroom"
