from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles import public_pictures, signals
        from articles.models import Article
        from core import pagecache

        signals.connect()
        public_pictures.register_articles()
        # No cached page may outlive the moment the next scheduled story goes out.
        pagecache.expire_no_later_than(Article.objects.next_publish_at)
