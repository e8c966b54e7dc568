import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from core.addresses import absolute

FORMATS = ["rss", "atom"]


def fetch(client, name, kwargs=None):
    response = client.get(reverse(f"discovery:{name}", kwargs=kwargs))
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.mark.parametrize("fmt", FORMATS)
def test_latest_feed_carries_every_field_of_a_story(client, story, fmt, settings):
    feed = fetch(client, f"feed-latest-{fmt}")

    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert entry.title == "Harbour reopens"
    assert entry.link == settings.SITE_URL + story.get_absolute_url()
    assert entry.summary == "Ships return after the storm."
    assert "crews cheered" in entry.content[0].value
    assert '<a href="https://example.org/"' in entry.content[0].value
    assert entry.published_parsed is not None
    assert [author.name for author in entry.authors] == ["Ada Reporter"]
    assert {term.term for term in entry.tags} == {"World", "Elections"}
    assert entry.media_content[0]["url"].startswith(absolute(settings.MEDIA_URL))  # the site, or the media host
    assert entry.media_content[0]["medium"] == "image"
    assert entry.media_credit[0]["content"] == "Staff photo"
    assert entry.enclosures[0]["type"] == "image/jpeg"


def test_atom_entries_carry_an_updated_time_and_author_links(client, story, settings):
    entry = fetch(client, "feed-latest-atom").entries[0]

    assert entry.updated_parsed is not None
    assert entry.authors[0]["href"] == settings.SITE_URL + "/author/ada-reporter/"


@pytest.mark.parametrize("fmt", FORMATS)
def test_feeds_leave_out_drafts_scheduled_and_review_stories(client, make_article, fmt):
    make_article(headline="Live story")
    make_article(headline="Draft story", status=Article.Status.DRAFT)
    make_article(headline="In review", status=Article.Status.IN_REVIEW)
    make_article(headline="Scheduled story", publish_at=timezone.now() + timezone.timedelta(hours=2))

    assert [entry.title for entry in fetch(client, f"feed-latest-{fmt}").entries] == ["Live story"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_feeds_list_newest_first_and_stop_at_the_limit(client, make_article, settings, fmt):
    settings.FEED_ITEMS = 3
    now = timezone.now()
    for days in range(5):
        make_article(headline=f"{days} days ago", publish_at=now - timezone.timedelta(days=days, hours=1))

    titles = [entry.title for entry in fetch(client, f"feed-latest-{fmt}").entries]

    assert titles == ["0 days ago", "1 days ago", "2 days ago"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_section_feed_has_only_that_sections_stories(client, make_article, other_section, fmt):
    make_article(headline="World story")
    make_article(headline="Sport story", section=other_section)

    feed = fetch(client, f"feed-section-{fmt}", {"slug": "sport"})

    assert [entry.title for entry in feed.entries] == ["Sport story"]
    assert "Sport" in feed.feed.title


@pytest.mark.parametrize("fmt", FORMATS)
def test_tag_feed_has_only_tagged_stories(client, make_article, tag, fmt):
    make_article(headline="Tagged", tags=[tag])
    make_article(headline="Untagged")

    assert [entry.title for entry in fetch(client, f"feed-tag-{fmt}", {"slug": tag.slug}).entries] == ["Tagged"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_author_feed_has_only_their_stories(client, make_article, author, fmt):
    make_article(headline="By Ada", authors=[author])
    make_article(headline="By nobody")

    assert [entry.title for entry in fetch(client, f"feed-author-{fmt}", {"slug": author.slug}).entries] == ["By Ada"]


@pytest.mark.parametrize("name", ["feed-section-rss", "feed-tag-atom", "feed-author-rss"])
def test_feed_of_unknown_object_is_404(client, db, name):
    assert client.get(reverse(f"discovery:{name}", kwargs={"slug": "nobody"})).status_code == 404


def test_feed_item_link_follows_a_slug_change(client, story, save_article, settings):
    story.slug = "harbour-reopens-after-storm"
    save_article(story)

    entry = fetch(client, "feed-latest-rss").entries[0]

    assert entry.link == settings.SITE_URL + story.get_absolute_url()
    assert entry.link.endswith("/harbour-reopens-after-storm/")


def test_naughty_headlines_still_make_well_formed_feeds(client, make_article, naughty_strings, settings):
    settings.FEED_ITEMS = 1000
    for number, text in enumerate(naughty_strings):
        make_article(headline=text[:200] or "empty", standfirst=text[:400], slug=f"naughty-{number}")

    for fmt in FORMATS:
        response = client.get(reverse(f"discovery:feed-latest-{fmt}"))
        assert response.status_code == 200
        assert not feedparser.parse(response.content).bozo


def test_feed_query_count_does_not_grow_with_items(client, make_article, author, tag, django_assert_max_num_queries):
    for _ in range(10):
        make_article(authors=[author], tags=[tag])

    with django_assert_max_num_queries(7):  # with a cold cache: the schedules of stories and of live updates
        client.get(reverse("discovery:feed-latest-rss"))
