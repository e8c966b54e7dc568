import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
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


def test_sitemap_index_lists_every_sitemap_with_lastmod(client, stories, settings):
    root = fetch_xml(client, reverse("discovery:sitemap"))

    assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    entries = {entry.find("sm:loc", NS).text: entry.find("sm:lastmod", NS) for entry in root.findall("sm:sitemap", NS)}
    expected = [
        f"{settings.SITE_URL}/sitemap-{name}.xml" for name in ("articles", "sections", "tags", "authors", "news")
    ]
    assert sorted(entries) == sorted(expected)
    assert all(lastmod is not None for lastmod in entries.values())


def test_articles_sitemap_lists_only_published_stories_at_their_address(client, stories, settings):
    root = fetch_xml(client, reverse("discovery:sitemap-section", kwargs={"section": "articles"}))

    assert sorted(locations(root)) == sorted(
        settings.SITE_URL + stories[name].get_absolute_url() for name in ("fresh", "old")
    )
    assert all(url.find("sm:lastmod", NS) is not None for url in root.findall("sm:url", NS))


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
