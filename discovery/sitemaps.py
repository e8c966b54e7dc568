"""sitemap.xml (an index over articles, sections, tags and authors) and the Google News sitemap.

Every address is built from SITE_URL, and only published stories appear, at their
current address: a moved story's old URL lives on only as a redirect.
"""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import F, Max, OuterRef, Subquery
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from articles.models import Article, Author, Section, Tag
from core.addresses import absolute
from core.sitemaps import SiteSitemap
from discovery.search import clean_text

# Google News only wants stories from the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class ArticleSitemap(SiteSitemap):
    def items(self):
        return (
            Article.objects.published()
            .annotate(lastmod=F("updated_at"))
            .only("slug", "publish_at", "updated_at")
            .order_by("-publish_at", "-pk")
        )


def latest_story_change(**filters):
    """The last change to any published story matching `filters`, as a subquery."""
    stories = Article.objects.published().filter(**filters).order_by("-updated_at").values("updated_at")[:1]
    return Subquery(stories)


class SectionSitemap(SiteSitemap):
    def items(self):
        return Section.objects.annotate(lastmod=latest_story_change(section=OuterRef("pk"))).order_by("order", "pk")


class TagSitemap(SiteSitemap):
    def items(self):
        latest = latest_story_change(tags=OuterRef("pk"))
        return Tag.objects.annotate(lastmod=latest).filter(lastmod__isnull=False).order_by("pk")


class AuthorSitemap(SiteSitemap):
    def items(self):
        latest = latest_story_change(authors=OuterRef("pk"))
        return Author.objects.annotate(lastmod=latest).filter(lastmod__isnull=False).order_by("pk")


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap, "tags": TagSitemap, "authors": AuthorSitemap}
# Other apps add theirs through a `sitemaps` attribute of their AppConfig ({name: dotted path}).
SITEMAPS |= {
    name: import_string(dotted)
    for config in apps.get_app_configs()
    for name, dotted in getattr(config, "sitemaps", {}).items()
}


def news_articles():
    since = timezone.now() - NEWS_WINDOW
    return Article.objects.published().filter(publish_at__gte=since).order_by("-publish_at", "-pk")[:NEWS_LIMIT]


class IndexEntry:
    def __init__(self, location, last_mod):
        self.location, self.last_mod = location, last_mod


@require_GET
def sitemap_index(request):
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        if not sitemap.paginator.count:  # nothing in it (no pages yet, say): not listed
            continue
        location = absolute(reverse("discovery:sitemap-section", kwargs={"section": section}))
        last_mod = sitemap.get_latest_lastmod()
        entries.append(IndexEntry(location, last_mod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(IndexEntry(f"{location}?p={page}", last_mod))
    latest_news = news_articles().aggregate(latest=Max("publish_at"))["latest"]
    entries.append(IndexEntry(absolute(reverse("discovery:sitemap-news")), latest_news))
    return render(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


@require_GET
def news_sitemap(request):
    articles = list(news_articles())
    for article in articles:
        article.news_title = clean_text(article.headline)  # XML cannot carry control characters
    context = {
        "articles": articles,
        "publication_name": settings.PUBLISHER_NAME,
        "publication_language": settings.LANGUAGE_CODE.split("-")[0],
        "SITE_URL": settings.SITE_URL,
    }
    return render(request, "discovery/sitemap_news.xml", context, content_type="application/xml")
