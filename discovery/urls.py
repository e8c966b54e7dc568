"""Search, feeds, sitemaps and robots.txt, included at the site root by newsroom/urls.py."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.generic import RedirectView

from core.pagecache import cache_public_page
from discovery import feeds, sitemaps, views

app_name = "discovery"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", cache_public_page(sitemaps.sitemap_index), name="sitemap"),
    path("sitemap-news.xml", cache_public_page(sitemaps.news_sitemap), name="sitemap-news"),
    # Before the pattern of named sitemaps, which "articles-2026-11" would also match.
    path(
        "sitemap-articles-<int:year>-<int:month>.xml",
        cache_public_page(sitemaps.month_sitemap),
        name="sitemap-month",
    ),
    # The one sitemap of every story, before they were split by month.
    path("sitemap-articles.xml", RedirectView.as_view(pattern_name="discovery:sitemap", permanent=True)),
    path(
        "sitemap-<uslug:section>.xml",
        cache_public_page(sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap-section",
    ),
]

FEEDS = {
    "latest": ("feeds/", feeds.LatestFeed),
    "section": ("feeds/section/<uslug:slug>/", feeds.SectionFeed),
    "tag": ("feeds/tag/<uslug:slug>/", feeds.TagFeed),
    "author": ("feeds/author/<uslug:slug>/", feeds.AuthorFeed),
}
for name, (prefix, feed_class) in FEEDS.items():
    urlpatterns += [
        path(f"{prefix}rss/", cache_public_page(feed_class(feeds.RSS)), name=f"feed-{name}-rss"),
        path(f"{prefix}atom/", cache_public_page(feed_class(feeds.ATOM)), name=f"feed-{name}-atom"),
    ]
