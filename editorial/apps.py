from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial")
    # The story page shows the story's corrections and updates (articles.models.ArticleQuerySet.for_page).
    article_page_prefetches = ["corrections"]

    def ready(self):
        from core import due, pagecache
        from editorial import scheduling, services
        from editorial.models import Correction

        # A correction shows on its story's page, in the feeds and on /corrections/.
        pagecache.shown_on_public_pages(Correction, story=lambda correction: correction.article)

        # Scheduled changes go live without a cron job: public pages expire when one is due,
        # and the next page built applies it first.
        pagecache.expire_no_later_than(scheduling.next_change_at)
        due.register(services.apply_due_changes)
