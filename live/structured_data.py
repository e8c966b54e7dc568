"""What a live story adds for search engines: its JSON-LD is a LiveBlogPosting with its coverage
times and latest updates, and it stays in the news sitemap while it is live."""

from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags

from core.addresses import absolute
from discovery.search import body_words
from live.models import LiveCoverage, coverage_of

UPDATES_IN_JSON_LD = 20


def live_blog_posting(article, data):
    coverage = coverage_of(article)
    if coverage is None:
        return
    data["@type"] = "LiveBlogPosting"
    data["coverageStartTime"] = timezone.localtime(coverage.started_at).isoformat()
    if coverage.ended_at:
        data["coverageEndTime"] = timezone.localtime(coverage.ended_at).isoformat()
    updates = coverage.updates.shown().order_by("-publish_at", "-pk")[:UPDATES_IN_JSON_LD]
    data["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "headline": update.headline or body_words(update.body)[:110],
            "articleBody": body_words(update.body),
            "datePublished": timezone.localtime(update.publish_at).isoformat(),
            "url": absolute(f"/live/update/{update.pk}/"),
        }
        for update in updates
    ]


def digest_summary(article):
    """A live story's running summary, for the weekly digest (it lists the story once)."""
    coverage = coverage_of(article)
    return " ".join(strip_tags(coverage.summary).split()) if coverage and coverage.summary else None


def live_now():
    """The stories live now (for the news sitemap, whatever their age): a few ids."""
    ongoing = Q(ended_at__isnull=True) | Q(ended_at__gt=timezone.now())
    return list(LiveCoverage.objects.filter(ongoing).values_list("article_id", flat=True))
