import re

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import path
from django.utils import timezone

from articles.tests.factories import ArticleFactory
from core import pagecache

pytestmark = pytest.mark.django_db

FORM = engines["django"].from_string('<form method="post">{% csrf_token %}<button>Go</button></form>')


@pagecache.cache_public_page
def form_page(request):
    return HttpResponse(FORM.render({}, request))


def accept_post(request):
    return HttpResponse("accepted")


urlpatterns = [path("form/", form_page), path("post/", accept_post)]


def token_in(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_an_anonymous_second_request_is_served_from_the_cache_without_queries(client, django_assert_num_queries):
    article = ArticleFactory()
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())

    assert response["X-Page-Cache"] == "hit"
    assert article.headline in response.content.decode()


def test_changing_an_article_makes_cached_pages_stale(client, django_capture_on_commit_callbacks):
    article = ArticleFactory(headline="Old headline")
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "New headline"
        article.save()

    response = client.get("/")

    assert response["X-Page-Cache"] == "miss"
    assert "New headline" in response.content.decode()


def test_readers_with_a_bypass_cookie_or_logged_in_get_fresh_pages(client, settings):
    settings.PAGE_CACHE_BYPASS_COOKIES = ["remember_me"]
    ArticleFactory()
    client.get("/")
    client.cookies["remember_me"] = "1"
    assert "X-Page-Cache" not in client.get("/")

    other = Client()
    other.force_login(User.objects.create_user("reader"))
    assert "X-Page-Cache" not in other.get("/")


@pytest.mark.urls(__name__)
def test_each_reader_of_a_cached_form_gets_a_working_csrf_token_of_their_own():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    miss = first.get("/form/")
    hit = second.get("/form/")

    assert hit["X-Page-Cache"] == "hit"
    assert token_in(hit) != token_in(miss)
    assert "csrftoken" in hit.cookies
    for reader, page in ((first, miss), (second, hit)):
        response = reader.post("/post/", {"csrfmiddlewaretoken": token_in(page)})
        assert response.status_code == 200, response.content[:300]
    # A token from someone else's page does not pass with another reader's cookie.
    assert second.post("/post/", {"csrfmiddlewaretoken": "x" * 64}).status_code == 403


def test_pages_are_not_cached_past_the_next_scheduled_story(monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 300
    ArticleFactory(publish_at=timezone.now() + timezone.timedelta(seconds=90))
    assert 85 <= pagecache._timeout() <= 90
    ArticleFactory(publish_at=timezone.now() + timezone.timedelta(seconds=30), slug="sooner")
    assert pagecache._timeout() <= 30


def test_previews_and_errors_are_never_cached(client):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/no-such-page/").get("X-Page-Cache") is None
