"""The moderation list stays the size of a page however many stories and comments there are."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.tests.factories import ArticleFactory
from comments.admin import PENDING_COUNTED
from comments.models import Comment
from comments.tests.factories import post

pytestmark = pytest.mark.django_db

URL = reverse("admin:comments_comment_changelist")


def queries(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_stories_are_typed_into_a_filter_not_listed(moderator_client):
    stories = ArticleFactory.create_batch(5)
    for story in stories:
        post(story, body=f"On {story.headline}")

    _count, html = queries(moderator_client, URL)
    assert 'class="admin-autocomplete autocomplete-filter__select"' in html
    assert 'data-field-name="article"' in html
    for story in stories[1:]:
        assert f"article__id__exact={story.pk}" not in html  # no link per story

    _count, html = queries(moderator_client, URL, article__id__exact=stories[0].pk)
    assert f"On {stories[0].headline}" in html and f"On {stories[1].headline}" not in html
    assert f'<option value="{stories[0].pk}" selected>{stories[0].headline}</option>' in html


def test_the_autocomplete_behind_the_filter_answers_a_moderator(moderator_client):
    story = ArticleFactory(headline="Harbour ferry vote")
    response = moderator_client.get(
        reverse("admin:autocomplete"),
        {"term": "ferry", "app_label": "comments", "model_name": "comment", "field_name": "article"},
    )
    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(story.pk), "text": "Harbour ferry vote"}]


def test_rows_cost_no_queries_of_their_own(moderator_client):
    story = ArticleFactory()
    for number in range(3):
        post(story, body=f"Comment {number}")
    few, _html = queries(moderator_client, URL)
    for other in ArticleFactory.create_batch(4):
        for number in range(5):
            post(other, body=f"More {number}")
    many, html = queries(moderator_client, URL)
    assert many == few
    assert 'href="/comments/' in html  # "View" goes by the permalink, which finds the page when followed


def test_the_queue_count_stops_at_its_bound(moderator_client, monkeypatch):
    monkeypatch.setattr("comments.admin.PENDING_COUNTED", 2)
    story = ArticleFactory()
    for number in range(3):
        post(story, body=f"Held {number}", status=Comment.Status.PENDING)
    _count, html = queries(moderator_client, URL)
    assert "more than 2 awaiting moderation" in html
    assert PENDING_COUNTED == 1000


def test_a_long_list_says_more_than_and_offers_no_last_page(moderator_client, monkeypatch):
    monkeypatch.setattr("comments.admin.CommentAdmin.list_per_page", 2)
    monkeypatch.setattr("comments.admin.CommentAdmin.list_max_show_all", 5)
    story = ArticleFactory()
    for number in range(20):
        post(story, body=f"Comment {number}")
    _count, html = queries(moderator_client, URL)
    assert "More than 10 comments" in html  # (1 + PAGES_AHEAD) pages of 2 counted
    assert "?p=10" not in html and "?p=2" in html
    assert "Select all 11" not in html and "showall" not in html  # neither may reach past the count
    _count, html = queries(moderator_client, URL, p=10)
    assert "Comment" in html

    comment = Comment.objects.first()
    response = moderator_client.post(
        URL,
        {"action": "mark_spam", "select_across": "1", "index": "0", "_selected_action": [comment.pk]},
        follow=True,
    )
    assert "too long to act on all of it" in response.content.decode()
    assert not Comment.objects.filter(status=Comment.Status.SPAM).exists()


def test_a_filtered_story_shows_only_to_those_who_may_see_stories(client):
    from django.contrib.auth.models import Permission

    draft = ArticleFactory(headline="Secret draft headline", status="draft")  # no comments: no row names it
    user = User.objects.create_user("viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(user)
    _count, html = queries(client, URL, article__id__exact=draft.pk)
    assert "Secret draft headline" not in html


def test_search_finds_an_address_or_an_ip_hash_exactly_and_words_among_the_newest(moderator_client, monkeypatch):
    story = ArticleFactory()
    old = post(story, body="Cheap watches here", email="Spammer@Example.com")
    newer = [post(story, body=f"Reader comment {number}") for number in range(3)]

    _count, html = queries(moderator_client, URL, q="Spammer@Example.com")
    assert "Cheap watches here" in html and "Reader comment" not in html
    _count, html = queries(moderator_client, URL, q=newer[0].ip_hash)
    assert "Reader comment 0" in html

    monkeypatch.setattr("comments.admin.SEARCHED_RECENTLY", 3)  # only the three newest are read
    _count, html = queries(moderator_client, URL, q="watches")
    assert "Cheap watches here" not in html
    _count, html = queries(moderator_client, URL, q="reader comment")
    assert all(f"Reader comment {number}" in html for number in range(3))
    assert old.pk


def test_filters_offer_no_counts_of_every_choice(moderator_client):
    post(ArticleFactory(), body="One")
    _count, html = queries(moderator_client, URL)
    assert "Show counts" not in html
    _count, html = queries(moderator_client, URL, _facets="True")
    assert "Show counts" not in html and "Hide counts" not in html
