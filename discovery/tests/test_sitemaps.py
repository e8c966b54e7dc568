import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from discovery.sitemaps import month_location

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NS = {"sm": SITEMAP_NS, "news": NEWS_NS}


def fetch_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 -- our own response


def locations(root):
    return [loc.text for loc in root.findall("sm:url/sm:loc", NS)]


@pytest.fixture
def stories(make_article, author, tag, other_section):
    now = timezone.now()
    return {
        "fresh": make_article(
            headline="Fresh", authors=[author], tags=[tag], publish_at=now - timezone.timedelta(hours=3)
        ),
        "old": make_article(headline="Old", publish_at=now - timezone.timedelta(days=5)),
        "draft": make_article(headline="Draft", status=Article.Status.DRAFT, section=other_section),
        "scheduled": make_article(headline="Later", publish_at=now + timezone.timedelta(hours=3)),
    }


def month_sitemap_url(article):
    return month_location(timezone.localtime(article.publish_at).date().replace(day=1))


def index_entries(client):
    root = fetch_xml(client, reverse("discovery:sitemap"))
    assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    return {entry.find("sm:loc", NS).text: entry.find("sm:lastmod", NS) for entry in root.findall("sm:sitemap", NS)}


def test_sitemap_index_lists_each_month_with_stories_and_every_other_sitemap(client, stories, settings):
    entries = index_entries(client)

    months = {settings.SITE_URL + month_sitemap_url(stories[name]) for name in ("fresh", "old")}
    others = {f"{settings.SITE_URL}/sitemap-{name}.xml" for name in ("sections", "tags", "authors", "news")}
    assert set(entries) == months | others
    assert all(entries[url] is not None for url in months)  # when a story of the month last changed


def test_month_sitemaps_list_only_published_stories_at_their_address(client, stories, settings):
    listed = set()
    for url in {month_sitemap_url(stories[name]) for name in ("fresh", "old")}:
        root = fetch_xml(client, url)
        listed |= set(locations(root))
        assert all(entry.find("sm:lastmod", NS) is not None for entry in root.findall("sm:url", NS))

    assert listed == {settings.SITE_URL + stories[name].get_absolute_url() for name in ("fresh", "old")}


def test_the_index_follows_stories_moved_unpublished_and_deleted(
    client, make_article, settings, django_capture_on_commit_callbacks
):
    def change(story, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            if fields.pop("delete", False):
                story.delete()
                return
            for name, value in fields.items():
                setattr(story, name, value)
            story.save()

    with django_capture_on_commit_callbacks(execute=True):
        story = make_article(publish_at=timezone.now() - timezone.timedelta(days=400))
    old_month = settings.SITE_URL + month_sitemap_url(story)
    assert old_month in index_entries(client)

    change(story, publish_at=timezone.now() - timezone.timedelta(days=800))
    moved_to = settings.SITE_URL + month_sitemap_url(story)
    assert old_month not in index_entries(client) and moved_to in index_entries(client)

    change(story, status=Article.Status.DRAFT)
    assert moved_to not in index_entries(client)

    change(story, status=Article.Status.PUBLISHED)
    assert moved_to in index_entries(client)
    change(story, delete=True)
    assert moved_to not in index_entries(client)


def test_the_index_costs_the_same_queries_however_many_months_and_stories(
    client, make_article, django_capture_on_commit_callbacks, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0

    def queries_for_index():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("discovery:sitemap")).status_code == 200
        return len(queries)

    def add_stories(first_month, count):
        with django_capture_on_commit_callbacks(execute=True):
            for month in range(first_month, first_month + count):
                make_article(publish_at=timezone.now() - timezone.timedelta(days=31 * month), slug=f"month-{month}")

    add_stories(1, 2)
    queries_for_index()  # once-per-process reads out of the way
    few = queries_for_index()
    add_stories(3, 20)
    assert len(index_entries(client)) >= 22 + 2
    assert queries_for_index() == few


def test_the_one_sitemap_of_every_story_moved_to_the_index(client, db):
    response = client.get("/sitemap-articles.xml")
    assert response.status_code == 301 and response["Location"] == reverse("discovery:sitemap")


@pytest.mark.parametrize(
    "address",
    [
        "/sitemap-articles-2026-13.xml",
        "/sitemap-articles-2026-01.xml?p=2",
        "/sitemap-articles-2026-01.xml?p=x",
        "/sitemap-articles-9999-12.xml",
        "/sitemap-articles-1-1.xml",
        "/sitemap-articles-99999999999999999999-1.xml",
        "/sitemap-articles-2024-99999999999999999999.xml",
        "/sitemap-articles-2024-3.xml",  # one address per month: 2024-03
        "/sitemap-articles-02024-03.xml",
    ],
)
def test_a_month_or_page_that_does_not_exist_is_not_found(client, db, settings, address):
    settings.TIME_ZONE = "Europe/Berlin"
    assert client.get(address).status_code == 404


def test_a_listed_page_stays_a_sitemap_while_its_stories_are_scheduled(
    client, make_article, monkeypatch, django_capture_on_commit_callbacks, settings
):
    from discovery.sitemaps import MonthSitemap

    monkeypatch.setattr(MonthSitemap, "limit", 2)
    now = timezone.now()
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        for hours in (1, 2):
            make_article(publish_at=max(start, now - timezone.timedelta(hours=hours)), slug=f"out-{hours}")
        make_article(publish_at=now + timezone.timedelta(minutes=1), slug="later")
    pages = [url for url in index_entries(client) if "sitemap-articles-" in url]
    assert any(url.endswith("?p=2") for url in pages)
    for url in pages:
        response = client.get(url.removeprefix(settings.SITE_URL))
        assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")


def test_tags_without_stories_add_no_pages_to_the_index(client, make_article, tag, monkeypatch, settings):
    from articles.tests.factories import TagFactory
    from discovery.sitemaps import TagSitemap

    monkeypatch.setattr(TagSitemap, "limit", 2)
    TagFactory.create_batch(5)
    make_article(tags=[tag])
    for url in (url for url in index_entries(client) if "sitemap-tags" in url):
        assert client.get(url.removeprefix(settings.SITE_URL)).status_code == 200


def test_sections_tags_and_authors_sitemaps(client, stories, settings):
    sections = locations(fetch_xml(client, reverse("discovery:sitemap-section", kwargs={"section": "sections"})))
    tags = locations(fetch_xml(client, reverse("discovery:sitemap-section", kwargs={"section": "tags"})))
    authors = locations(fetch_xml(client, reverse("discovery:sitemap-section", kwargs={"section": "authors"})))

    assert f"{settings.SITE_URL}/section/world/" in sections
    assert tags == [f"{settings.SITE_URL}/tag/elections/"]
    assert authors == [f"{settings.SITE_URL}/author/ada-reporter/"]


def test_tags_and_authors_without_published_stories_are_left_out(client, make_article, tag, author):
    make_article(status=Article.Status.DRAFT, tags=[tag], authors=[author])

    assert locations(fetch_xml(client, reverse("discovery:sitemap-section", kwargs={"section": "tags"}))) == []
    assert locations(fetch_xml(client, reverse("discovery:sitemap-section", kwargs={"section": "authors"}))) == []


def test_news_sitemap_has_only_the_last_48_hours(client, stories, settings):
    root = fetch_xml(client, reverse("discovery:sitemap-news"))

    assert locations(root) == [settings.SITE_URL + stories["fresh"].get_absolute_url()]
    news = root.find("sm:url/news:news", NS)
    assert news.find("news:publication/news:name", NS).text == settings.PUBLISHER_NAME
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:title", NS).text == "Fresh"
    assert news.find("news:publication_date", NS).text.startswith(
        str(timezone.localtime(stories["fresh"].publish_at).year)
    )


def test_news_sitemap_survives_naughty_headlines(client, make_article, naughty_strings):
    for number, text in enumerate(naughty_strings):
        make_article(headline=text[:200] or "empty", slug=f"naughty-{number}")

    root = fetch_xml(client, reverse("discovery:sitemap-news"))

    assert len(root.findall("sm:url", NS)) == len(naughty_strings)


def test_unknown_sitemap_is_404(client, db):
    assert client.get(reverse("discovery:sitemap-section", kwargs={"section": "nothing"})).status_code == 404


def test_robots_txt_points_at_the_sitemaps(client, db, settings):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "User-agent: *" in lines


def test_month_sitemaps_list_each_storys_pictures_in_a_fixed_number_of_queries(client, make_article):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.images import rendition_url
    from articles.tests.factories import ImageFactory
    from core.addresses import absolute
    from discovery.sitemaps import SITEMAP_IMAGE_WIDTH

    lead, in_text = ImageFactory(), ImageFactory()
    body = f'<p>Words.</p><figure data-image="{in_text.pk}"><figcaption>Dawn</figcaption></figure>'
    story = make_article(lead_image=lead, body=body)
    make_article(headline="Plain", slug="plain")
    address = month_location(timezone.localtime(story.publish_at).date().replace(day=1))

    def read():
        cache.clear()  # built, not answered from the page cache
        with CaptureQueriesContext(connection) as queries:
            root = fetch_xml(client, address)
        listed = {
            url.find("sm:loc", NS).text: [loc.text for loc in url.iter(f"{{{IMAGE_NS}}}loc")]
            for url in root.findall("sm:url", NS)
        }
        return listed, len(queries)

    listed, queries = read()
    assert listed[absolute(story.get_absolute_url())] == [
        absolute(rendition_url(image, SITEMAP_IMAGE_WIDTH)) for image in (lead, in_text)
    ]
    assert sum(len(found) for found in listed.values()) == 2
    for number in range(5):
        make_article(headline=f"Pictured {number}", slug=f"pictured-{number}", lead_image=ImageFactory(), body=body)
    listed, more_stories_queries = read()
    assert sum(len(found) for found in listed.values()) == 2 + 5 * 2 and more_stories_queries == queries


def test_the_index_dates_the_news_sitemap_by_its_newest_story(client, stories, settings):
    news = index_entries(client)[f"{settings.SITE_URL}/sitemap-news.xml"]
    assert timezone.datetime.fromisoformat(news.text) == stories["fresh"].publish_at


def test_with_no_recent_story_the_news_sitemap_is_dated_by_what_the_apps_add(client, stories, settings, monkeypatch):
    from discovery import sitemaps

    Article.objects.filter(pk=stories["fresh"].pk).delete()
    news_url = f"{settings.SITE_URL}/sitemap-news.xml"
    assert index_entries(client)[news_url] is None  # nothing in the last two days
    monkeypatch.setattr(sitemaps, "NEWS_ALSO", [lambda: [stories["old"].pk]])  # as a live story is added
    cache.clear()  # (a live story starting makes the index stale; this stand-in does not)
    assert timezone.datetime.fromisoformat(index_entries(client)[news_url].text) == stories["old"].publish_at


def test_with_a_recent_story_the_index_asks_the_apps_for_nothing(client, stories, monkeypatch):
    from discovery import sitemaps

    asked = []
    monkeypatch.setattr(sitemaps, "NEWS_ALSO", [lambda: asked.append(1) or []])
    index_entries(client)
    assert asked == []  # the newest story in the window dates the news sitemap alone
