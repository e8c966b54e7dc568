from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WordpressConfig(AppConfig):
    name = "wordpress"
    verbose_name = _("WordPress import")

    def ready(self):
        from redirects.middleware import HOME_QUERY_RULES
        from wordpress.legacy import home_query

        HOME_QUERY_RULES.append(home_query)
