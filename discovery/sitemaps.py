"""sitemap.xml (an index over the archive's months, sections, tags and authors) and the Google News
sitemap.

The index reads one row per month (`SitemapMonth`, kept as stories change), never the archive;
each month's sitemap reads that month's stories.

Every address is built from SITE_URL, and only published stories appear, at their
current address: a moved story's old URL lives on only as a redirect.
"""

import math
from datetime import UTC, date, datetime, time, timedelta

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from articles.images import rendition_url
from articles.models import ARCHIVE_YEARS, Article, Author, BodyPicture, Section, Tag
from core.addresses import AddressPattern, absolute
from core.parsing import to_int
from core.sitemaps import SiteSitemap
from discovery.models import SitemapMonth
from discovery.search import clean_text

# Google News only wants stories from the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


def month_bounds(month):
    """The first and last moments (exclusive) of a local month, given its first day."""
    following = (month + timedelta(days=32)).replace(day=1)
    return tuple(timezone.make_aware(datetime.combine(day, time.min)) for day in (month, following))


# What a picture's address is made from (articles.images.rendition_url).
PICTURE_FIELDS = ("file", "rendition_widths", "has_transparency")


class MonthSitemap(SiteSitemap):
    """The published stories of one month, newest first (as large news sites split theirs): a
    month holds thousands, never the whole archive; a thousand addresses a page."""

    limit = 1000

    def __init__(self, month):
        self.month = month

    def items(self):
        start, end = month_bounds(self.month)
        return (
            Article.objects.published()
            .filter(publish_at__gte=start, publish_at__lt=end)
            .annotate(lastmod=F("updated_at"))
            .select_related("lead_image")
            .only("slug", "publish_at", "updated_at", *(f"lead_image__{name}" for name in PICTURE_FIELDS))
            .order_by("-publish_at", "-pk")
        )


def refresh_sitemap_months(months):
    """Bring the sitemap index's rows for these months (first days) up to date."""
    for month in set(months):
        start, end = month_bounds(month)
        summary = Article.objects.filter(
            status=Article.Status.PUBLISHED, publish_at__gte=start, publish_at__lt=end
        ).aggregate(stories=Count("pk"), last_modified=Max("updated_at"), latest_publish_at=Max("publish_at"))
        if summary["stories"]:
            SitemapMonth.objects.update_or_create(month=month, defaults=summary)
        else:
            SitemapMonth.objects.filter(month=month).delete()


def month_of(moment):
    return timezone.localtime(moment).date().replace(day=1)


def rebuild_sitemap_months(batch_size=10_000):
    """Every month's row again, from the stories (one pass over them, in batches)."""
    months = {}
    published = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("pk")
    last_pk = 0
    while batch := list(published.filter(pk__gt=last_pk).values_list("pk", "publish_at", "updated_at")[:batch_size]):
        for _pk, publish_at, updated_at in batch:
            month = months.setdefault(month_of(publish_at), [0, updated_at, publish_at])
            month[0] += 1
            month[1], month[2] = max(month[1], updated_at), max(month[2], publish_at)
        last_pk = batch[-1][0]
    with transaction.atomic():
        SitemapMonth.objects.all().delete()
        SitemapMonth.objects.bulk_create(
            SitemapMonth(month=month, stories=count, last_modified=changed, latest_publish_at=latest)
            for month, (count, changed, latest) in months.items()
        )
    return len(months)


class SectionSitemap(SiteSitemap):
    # No lastmod: the latest change of every section, tag and author would read the archive.
    def lastmod(self, item):
        return None

    def get_latest_lastmod(self):
        return None

    def items(self):
        return Section.objects.order_by("order", "pk")

    @property
    def index_paginator(self):
        """For the index: pages of every section (tag, author), whether or not a story of theirs
        is out yet; their own sitemap leaves out those without."""
        return Paginator(self.items().model.objects.order_by("pk"), self.limit)


def with_published_stories(owners, **link):
    """Only owners with a story out: one probe of an index per owner, not a read of its stories."""
    return owners.filter(Exists(Article.objects.published().filter(**link))).order_by("pk")


class TagSitemap(SectionSitemap):
    def items(self):
        return with_published_stories(Tag.objects.all(), tags=OuterRef("pk"))


class AuthorSitemap(SectionSitemap):
    def items(self):
        return with_published_stories(Author.objects.all(), bylines__author=OuterRef("pk"))


SITEMAPS = {"sections": SectionSitemap, "tags": TagSitemap, "authors": AuthorSitemap}
# Other apps add theirs through a `sitemaps` attribute of their AppConfig ({name: dotted path}).
SITEMAPS |= {
    name: import_string(dotted)
    for config in apps.get_app_configs()
    for name, dotted in getattr(config, "sitemaps", {}).items()
}


# Apps add stories that belong in the news sitemap whatever their age (a live story while it is
# live): functions returning the ids of a few stories.
NEWS_ALSO = []


def news_sources():
    """Where the news sitemap's stories come from, newest first: the published stories, and those
    of the last NEWS_WINDOW (a range of the published stories' index); the apps add a few ids
    (news_added_ids). Read apart and merged by the callers: one query asking for either would
    scan every story."""
    published = Article.objects.published().order_by("-publish_at", "-pk")
    return published, published.filter(publish_at__gte=timezone.now() - NEWS_WINDOW)


def news_added_ids():
    return {pk for also in NEWS_ALSO for pk in also()}


def news_articles():
    """The news sitemap's stories, newest first, NEWS_LIMIT at most."""
    published, recent = news_sources()
    recent = list(recent[:NEWS_LIMIT])
    extra_ids = news_added_ids() - {article.pk for article in recent}
    extra = list(published.filter(pk__in=extra_ids)) if extra_ids else []
    return sorted(recent + extra, key=lambda article: (article.publish_at, article.pk), reverse=True)[:NEWS_LIMIT]


def latest_news_at():
    """The publishing time of the news sitemap's newest story (news_articles()'s first), read alone:
    the newest in the window if there is one (it is the newest published story), or else the
    newest of those the apps add."""
    published, recent = news_sources()
    found = recent.values_list("publish_at", flat=True).first()
    if found is None and (added_ids := news_added_ids()):
        found = published.filter(pk__in=added_ids).values_list("publish_at", flat=True).first()
    return found


SITEMAP_INDEX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
# A month's pages also list each story's pictures: its lead picture and those in its text.
URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n'
)
SITEMAP_IMAGE_WIDTH = 1200


def index_lines(location, pages, last_mod):
    """The index's entries for a sitemap at `location` (a full address) of `pages` pages."""
    changed = f"<lastmod>{timezone.localtime(last_mod).isoformat()}</lastmod>" if last_mod else ""
    addresses = [escape(location), *(escape(f"{location}?p={page}") for page in range(2, pages + 1))]
    return [f"<sitemap><loc>{address}</loc>{changed}</sitemap>\n" for address in addresses]


@require_GET
def sitemap_index(request):
    """Written out directly, as the month sitemaps are: a twenty-year archive lists a thousand
    entries (a month of a million-story archive has five pages), each month's built once."""
    lines = []
    now = timezone.now()
    # Every month's address from one pattern: only the year and month differ.
    location = absolute(MONTH_ADDRESS.template())
    months = SitemapMonth.objects.filter(month__lte=timezone.localdate(now))
    for month, stories, last_modified, latest_publish_at in months.values_list(
        "month", "stories", "last_modified", "latest_publish_at"
    ):
        # A scheduled story going out changes its month without a save: its moment counts once come.
        changed = max(last_modified, min(latest_publish_at, now))
        address = location.format(year=month.year, month=f"{month:%m}")
        lines += index_lines(address, math.ceil(stories / MonthSitemap.limit), changed)
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        # Sections, tags and authors are paged by their own count (one page, unless there are
        # more than a sitemap holds: then by those with a story out).
        paginator = getattr(sitemap, "index_paginator", None)
        if paginator is None or paginator.num_pages > 1:
            paginator = sitemap.paginator
        if not paginator.count:  # nothing in it (no pages yet, say): not listed
            continue
        location = absolute(reverse("discovery:sitemap-section", kwargs={"section": section}))
        lines += index_lines(location, paginator.num_pages, sitemap.get_latest_lastmod())
    lines += index_lines(absolute(reverse("discovery:sitemap-news")), 1, latest_news_at())
    return HttpResponse(SITEMAP_INDEX + "".join(lines) + "</sitemapindex>\n", content_type="application/xml")


MONTH_ADDRESS = AddressPattern("discovery:sitemap-month", year=int, month=int)


def month_location(month):
    """A month sitemap's one address: /sitemap-articles-2026-03.xml."""
    return MONTH_ADDRESS(year=month.year, month=f"{month.month:02d}")


@require_GET
def month_sitemap(request, year, month):
    """One month's stories, MonthSitemap.limit a page. Written out directly: Django's sitemap
    template takes a quarter of a second for a few thousand addresses. A page the index lists
    may be empty for a while (it counts stories scheduled later in the month): an empty list,
    not a 404."""
    if year not in ARCHIVE_YEARS or not 1 <= month <= 12:
        raise Http404("No such month.")
    first = date(year, month, 1)
    if request.path != month_location(first):  # one address per month, one cache entry
        raise Http404("No such month.")
    summary = SitemapMonth.objects.filter(month=first).first()
    pages = math.ceil(summary.stories / MonthSitemap.limit) if summary else 1
    sitemap = MonthSitemap(first)
    paginator = Paginator(sitemap.items(), MonthSitemap.limit)
    number = to_int(request.GET.get("p", 1), 0)
    if not 1 <= number <= max(pages, paginator.num_pages):
        raise Http404("No such page.")
    stories = paginator.page(number).object_list if number <= paginator.num_pages else []
    site = settings.SITE_URL.rstrip("/")
    pictures = pictures_of(stories)
    entries = (
        f"<url><loc>{escape(site + story.get_absolute_url())}</loc>"
        f"<lastmod>{story.lastmod.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}</lastmod>"
        + "".join(f"<image:image><image:loc>{escape(url)}</image:loc></image:image>" for url in pictures[story.pk])
        + "</url>\n"
        for story in stories
    )
    response = HttpResponse(URLSET + "".join(entries) + "</urlset>\n", content_type="application/xml")
    if stories:
        response["Last-Modified"] = http_date(max(story.lastmod for story in stories).timestamp())
    return response


def pictures_of(stories):
    """{story id: the addresses of its pictures, the lead picture first}, in one query for the
    pictures in the text (the lead pictures come with the stories)."""
    found = {story.pk: [] for story in stories}
    for story in stories:
        if story.lead_image is not None:
            found[story.pk].append(absolute(rendition_url(story.lead_image, SITEMAP_IMAGE_WIDTH)))
    in_text = BodyPicture.objects.filter(article_id__in=list(found)).select_related("image").order_by("pk")
    for placed in in_text.only("article_id", *(f"image__{name}" for name in PICTURE_FIELDS)):
        url = absolute(rendition_url(placed.image, SITEMAP_IMAGE_WIDTH))
        if url not in found[placed.article_id]:
            found[placed.article_id].append(url)
    return found


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
