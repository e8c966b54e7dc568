"""The comment feeds: the site's latest comments and one story's, as WordPress offers them."""

from datetime import timedelta

import pytest
from defusedxml import ElementTree

from articles.models import Article
from articles.tests.factories import ArticleFactory
from comments.models import Comment
from comments.tests.factories import post

pytestmark = pytest.mark.django_db


def items(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    return [{child.tag: child.text for child in item} for item in channel.findall("item")]


def test_the_site_feed_has_what_every_reader_sees_newest_first(client, settings):
    story, draft = ArticleFactory(headline="Harbour reopens"), ArticleFactory(status=Article.Status.DRAFT)
    first = post(story, body="First thoughts", name="Maya Ortiz", email="maya@example.org")
    post(story, body="Held back", status=Comment.Status.PENDING)
    post(story, body="Spam here", status=Comment.Status.SPAM)
    post(draft, body="On a draft")
    second = post(story, body="Second \x0b thoughts", name="Sam Reader", parent=first)
    Comment.objects.filter(pk=second.pk).update(created_at=first.created_at + timedelta(seconds=60))

    response = client.get("/comments/feed/")
    entries = items(response)

    assert [entry["title"] for entry in entries] == [
        "Sam Reader on “Harbour reopens”",
        "Maya Ortiz on “Harbour reopens”",
    ]
    assert entries[1]["link"] == f"{settings.SITE_URL}/comments/{first.pk}/"
    assert "First thoughts" in entries[1]["description"]
    text = response.content.decode()
    assert "maya@example.org" not in text and "Held back" not in text and "Spam here" not in text
    assert "On a draft" not in text


def test_a_storys_feed_has_its_comments_and_its_page_announces_it(client, settings):
    story, other = ArticleFactory(headline="Harbour reopens"), ArticleFactory()
    post(story, body="About the harbour")
    post(other, body="About something else")

    entries = items(client.get(f"/comments/feed/{story.pk}/"))
    assert [entry["description"] for entry in entries] == ["<p>About the harbour</p>"]
    html = client.get(story.get_absolute_url()).content.decode()
    assert f'href="{settings.SITE_URL}/comments/feed/{story.pk}/"' in html
    assert f'href="{settings.SITE_URL}/comments/feed/"' in html
    assert client.get(f"/comments/feed/{ArticleFactory(status=Article.Status.DRAFT).pk}/").status_code == 404


def test_a_new_comment_makes_the_cached_feeds_stale(client, django_capture_on_commit_callbacks):
    story = ArticleFactory()
    post(story, body="The first")
    for address in ("/comments/feed/", f"/comments/feed/{story.pk}/"):
        client.get(address)
        assert client.get(address)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        post(story, body="The second")

    for address in ("/comments/feed/", f"/comments/feed/{story.pk}/"):
        response = client.get(address)
        assert response["X-Page-Cache"] == "miss" and b"The second" in response.content
