import json
import random
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.text import Truncator

from articles.models import Author, Section, Tag
from core.addresses import absolute
from discovery.search import LEAD_CHARACTERS, body_words, lead_words

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld_blocks(html):
    return {block["@type"]: block for block in (json.loads(text) for text in JSON_LD.findall(html))}


def meta(html, key):
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def render_head(path="/", **context):
    request = RequestFactory().get(path)
    return Template("{% load seo_tags %}{% seo_head %}").render(Context({"request": request, **context}))


@pytest.fixture
def article_page(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_article_page_has_news_article_json_ld(article_page, story, settings):
    data = json_ld_blocks(article_page)["NewsArticle"]

    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Harbour reopens"
    assert data["description"] == "Ships return after the storm."
    assert data["url"] == settings.SITE_URL + story.get_absolute_url()
    assert data["datePublished"].startswith(str(story.publish_at.year))
    assert data["dateModified"] >= data["datePublished"][:10]
    assert data["author"] == [
        {"@type": "Person", "name": "Ada Reporter", "url": settings.SITE_URL + "/author/ada-reporter/"}
    ]
    assert data["publisher"]["name"] == settings.PUBLISHER_NAME
    assert data["publisher"]["logo"]["url"].endswith("publisher-logo.png")
    assert data["articleSection"] == "World"
    assert data["keywords"] == ["Elections"]
    assert data["image"][0]["creditText"] == "Staff photo"
    assert data["image"][0]["url"].startswith(absolute(settings.MEDIA_URL))  # the site, or the media host


def test_article_page_has_breadcrumbs(article_page, story, settings):
    crumbs = json_ld_blocks(article_page)["BreadcrumbList"]["itemListElement"]

    assert [crumb["position"] for crumb in crumbs] == [1, 2, 3]
    assert crumbs[1]["name"] == "World"
    assert crumbs[1]["item"] == settings.SITE_URL + "/section/world/"
    assert crumbs[2]["item"] == settings.SITE_URL + story.get_absolute_url()


def test_article_page_has_canonical_opengraph_and_twitter_tags(article_page, story, settings):
    url = settings.SITE_URL + story.get_absolute_url()

    assert f'<link rel="canonical" href="{url}">' in article_page
    assert meta(article_page, "og:type") == "article"
    assert meta(article_page, "og:title") == "Harbour reopens"
    assert meta(article_page, "og:url") == url
    assert meta(article_page, "og:description") == "Ships return after the storm."
    assert meta(article_page, "og:image").startswith(absolute(settings.MEDIA_URL))
    assert meta(article_page, "og:image:width") == "1200"
    assert meta(article_page, "og:image:alt") == "Boats in the harbour"
    assert meta(article_page, "twitter:card") == "summary_large_image"
    assert meta(article_page, "article:section") == "World"
    assert meta(article_page, "article:tag") == "Elections"


def test_article_page_links_its_feeds(article_page):
    assert 'type="application/rss+xml"' in article_page
    assert 'type="application/atom+xml"' in article_page
    assert "/feeds/section/world/rss/" in article_page


def test_json_ld_cannot_close_its_script_element(make_article, client):
    story = make_article(headline="</script><script>alert(1)</script>", standfirst="<!-- & -->")

    html = client.get(story.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    data = json_ld_blocks(html)["NewsArticle"]
    assert data["headline"] == "</script><script>alert(1)</script>"
    assert data["description"] == "<!-- & -->"


def test_naughty_headlines_make_valid_json_ld_and_escaped_meta(make_article, naughty_strings):
    for number, text in enumerate(naughty_strings):
        story = make_article(headline=text[:200] or "empty", standfirst=text[:400], slug=f"naughty-{number}")
        html = render_head(article=story)
        assert json_ld_blocks(html)["NewsArticle"]["headline"] == story.headline
        assert "<script>alert" not in JSON_LD.sub("", html)


def test_home_page_has_website_tags_and_the_latest_feed(client, db, settings):
    html = client.get("/").content.decode()

    assert f'<link rel="canonical" href="{settings.SITE_URL}/">' in html
    assert meta(html, "og:type") == "website"
    assert meta(html, "twitter:card") == "summary"
    assert f"{settings.SITE_URL}/feeds/rss/" in html
    assert meta(html, "og:description") == "News, analysis and comment from our reporters."
    graph = json.loads(JSON_LD.search(html).group(1))["@graph"]
    site, publisher = graph
    assert site["@type"] == "WebSite" and site["url"] == f"{settings.SITE_URL}/"
    search = site["potentialAction"]
    assert search["@type"] == "SearchAction" and search["query-input"] == "required name=query"
    assert search["target"]["urlTemplate"] == f"{settings.SITE_URL}/search/?q={{query}}"
    assert publisher["@type"] == "Organization" and publisher["logo"]["url"].startswith(settings.SITE_URL)


def test_the_home_page_shares_its_lead_storys_picture(client, db):
    from articles.tests.factories import ArticleFactory, ImageFactory
    from discovery.templatetags.seo_tags import share_image

    story = ArticleFactory(lead_image=ImageFactory(alt_text="Boats at the quay"))
    html = client.get("/").content.decode()

    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "og:image") == share_image(story.lead_image)["url"]
    assert meta(html, "og:image:alt") == "Boats at the quay"


@pytest.mark.parametrize(
    ("name", "make", "feed"),
    [
        ("section", lambda: Section.objects.create(name="Sport", slug="sport"), "/feeds/section/sport/atom/"),
        ("tag", lambda: Tag.objects.create(name="Rain", slug="rain"), "/feeds/tag/rain/rss/"),
        ("author", lambda: Author.objects.create(name="Bo", slug="bo"), "/feeds/author/bo/rss/"),
    ],
)
def test_listing_pages_announce_their_own_feed(db, name, make, feed):
    html = render_head(path="/x/", **{name: make()})

    assert feed in html
    assert meta(html, "og:title") in {"Sport", "Rain", "Bo"}
    data = json.loads(JSON_LD.search(html).group(1))
    assert data["@type"] == ("ProfilePage" if name == "author" else "CollectionPage")
    assert data["name"] in {"Sport", "Rain", "Bo"} and data["url"].endswith("/x/")
    if name == "author":
        assert data["mainEntity"] == {"@type": "Person", "name": "Bo", "url": data["url"]}


def test_canonical_keeps_the_page_number_of_later_pages(db, settings):
    class Page:
        number = 3

    html = render_head(path="/section/world/", page_obj=Page())

    assert f'<link rel="canonical" href="{settings.SITE_URL}/section/world/?page=3">' in html


def test_a_descriptions_first_words_are_read_from_the_start_of_a_long_body_and_match_the_whole():
    """lead_words reads a long body's first characters only; what it gives is what reading the
    whole body gives, wherever the slice falls (in a word, a tag, an entity)."""
    naughty = json.loads((Path(__file__).resolve().parents[2] / "testdata/blns.json").read_text())
    pieces = ["word", "Zoë", "&amp;", "&lt;b&gt;", "<em>leaning</em>", '<a href="https://example.org/x">link</a>', "—"]
    chooser = random.Random(7)
    bodies = []
    for length in (10, 38, 39, 40, 41, 42, 60, 400, 501, 502, 503, 2000):
        words = [chooser.choice(pieces + naughty[:200]) for _ in range(length)]
        bodies.append("<p>" + " ".join(words) + "</p>")
        bodies.append("".join(f"<p>{word}</p>" for word in words))
    bodies.append("<p>" + "x" * 5000 + " end</p>")  # one long word across the slice
    bodies.append('<p>Lead.</p><figure class="embed" data-title="Embedded words"></figure>' + "<p>more</p>" * 900)
    for body in bodies:
        for count in (40, 50):
            assert lead_words(body, count) == Truncator(body_words(body)).words(count), body[:80]
    assert any(len(body) > LEAD_CHARACTERS for body in bodies)
