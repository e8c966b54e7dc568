from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Engagement")
    # Reader figures, read-only, on each story's admin page (see articles.admin.feature_inlines).
    article_admin_inlines = ["engagement.admin.EngagementInline"]
    # The tallies, read with the story's row on its page (articles.models.page_joins).
    article_page_joins = ["engagement"]
