from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = _("Live coverage")
    # The live settings of a story, on its admin page (see articles.admin.feature_inlines).
    article_admin_inlines = ["live.admin.LiveCoverageInline"]
    # Read with the story's row on its page (articles.models.page_joins): no query of its own.
    article_page_joins = ["live"]

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

        from live import services
        from live.models import LiveCoverage

        # Starting or ending coverage changes the story's page, its JSON-LD and the news sitemap.
        pagecache.shown_on_public_pages(LiveCoverage)
        # An update shows on its story's page only (and in its "anything newer?" answers); one
        # waiting for an editor shows nowhere yet.
        pagecache.shown_on_public_pages(
            LiveUpdate,
            page=services.story_address,
            shows=lambda update, created: update.status == LiveUpdate.Status.PUBLISHED or not created,
            also=services.answers_stale,
        )
