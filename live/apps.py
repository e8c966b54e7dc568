from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = _("Live coverage")
    # The live settings of a story, on its admin page (see articles.admin.feature_inlines).
    article_admin_inlines = ["live.admin.LiveCoverageInline"]

    def ready(self):
        from core import pagecache
        from discovery import sitemaps
        from discovery.templatetags import seo_tags
        from live.models import LiveUpdate
        from live.structured_data import digest_summary, live_blog_posting, live_now
        from newsletter import digest

        seo_tags.ARTICLE_DATA_HOOKS.append(live_blog_posting)
        digest.SUMMARIES.append(digest_summary)
        sitemaps.NEWS_ALSO.append(live_now)
        # No cached page may outlive the moment a scheduled update goes out.
        pagecache.expire_no_later_than(LiveUpdate.objects.next_publish_at)

        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from core.versions import invalidate_public_pages
        from live.models import LiveCoverage

        def coverage_changed(sender, **kwargs):
            # Starting or ending coverage changes the story's page, its JSON-LD and the news sitemap.
            transaction.on_commit(invalidate_public_pages)

        post_save.connect(coverage_changed, sender=LiveCoverage, dispatch_uid="live-coverage-saved", weak=False)
        post_delete.connect(coverage_changed, sender=LiveCoverage, dispatch_uid="live-coverage-deleted", weak=False)
