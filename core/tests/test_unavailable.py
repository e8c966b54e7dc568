"""With the database away readers get a friendly 503, and cached pages go on being served."""

import contextlib

import pytest
from django.db import OperationalError, connection
from django.test import Client

from articles.tests.factories import ArticleFactory
from comments.models import Comment
from engagement.models import ArticleEngagement

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def database_down():
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "We will be back in a moment" in response.content.decode()


def test_a_page_not_in_the_cache_answers_503_with_retry_after(client):
    article = ArticleFactory()
    with database_down():
        assert_unavailable(client.get(article.get_absolute_url()))


def test_pages_already_cached_are_still_served(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    with database_down():
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
    assert article.headline in response.content.decode()


def test_a_comment_sent_meanwhile_is_told_to_retry(client):
    article = ArticleFactory()
    with database_down():
        response = client.post(
            f"/comments/post/{article.pk}/", {"name": "Ann", "email": "ann@example.org", "body": "Hello"}
        )
    assert_unavailable(response)


def test_an_outage_met_outside_a_view_is_a_503_too():
    """A missing page asks the redirects table (in middleware) before answering 404."""
    reader = Client(raise_request_exception=False)
    with database_down():
        assert_unavailable(reader.get("/no-such-page/"))


def test_other_errors_are_still_the_500_page(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("articles.views.StoryListView.get_queryset", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_comment_saved_just_before_the_outage_is_still_acknowledged(client, monkeypatch):
    """The write committed; the page it would land on could not be worked out: no error for that."""
    article = ArticleFactory()

    def database_gone(comment):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("comments.views.comment_url", database_gone)
    response = client.post(
        f"/comments/post/{article.pk}/", {"name": "Ann", "email": "ann@example.org", "body": "Saved all the same."}
    )

    comment = Comment.objects.get(body="Saved all the same.")
    assert response.status_code == 303
    assert comment.status == Comment.Status.PENDING  # a first comment: shown to its author on a fresh page
    assert response["Location"] == f"{article.get_absolute_url()}?held=1#comment-{comment.pk}"


def test_a_vote_saved_just_before_the_outage_is_still_acknowledged(client, monkeypatch):
    article = ArticleFactory()

    def database_gone(*args):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("engagement.views.summary", database_gone)
    response = client.post(f"/engagement/{article.pk}/react/", {"kind": "happy"}, HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response.json()["reactions"] == []
    assert ArticleEngagement.objects.get(article=article).happy == 1


def test_a_page_whose_cached_copy_expired_is_served_stale_while_the_database_is_away(client, settings):
    from core.pagecache import invalidate_public_pages

    article = ArticleFactory(headline="Still readable")
    client.get(article.get_absolute_url())
    invalidate_public_pages()  # the fresh copy is gone; the last good copy is kept
    with database_down():
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and response["X-Page-Cache"] == "stale"
    assert "Still readable" in response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_a_list_page_is_served_stale_too(client):
    from core.pagecache import invalidate_public_pages

    ArticleFactory(headline="On the front page")
    client.get("/")
    invalidate_public_pages()
    with database_down():
        response = client.get("/")  # a list page queries while it renders
    assert response.status_code == 200 and response["X-Page-Cache"] == "stale"
    assert "On the front page" in response.content.decode()


def test_the_last_good_copy_is_kept_for_the_grace_period_only(client, settings):
    import time

    from django.core.cache import cache

    from core.pagecache.pages import _stale_key

    settings.PAGE_CACHE_STALE_SECONDS = 120
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    expires = cache._expire_info[cache.make_key(_stale_key(article.get_absolute_url()))]
    assert 110 < expires - time.time() <= 120


@pytest.mark.parametrize("path", ["/comments/post/{pk}/", "/newsletter/subscribe/", "/admin/login/", "/search/"])
def test_a_form_post_in_another_encoding_is_a_400_not_a_bare_500(path):
    """Django refuses form bodies that are not UTF-8; its 400 page then read the body again in its
    CSRF step and the error escaped the handler (gunicorn's bare 500, no log, no metric)."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "a" * 32
    response = client.post(
        path.format(pk=ArticleFactory().pk),
        data="name=caf\xe9&body=x",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert response.status_code in (400, 405)
