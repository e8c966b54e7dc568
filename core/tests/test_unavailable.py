"""With the database away readers get a friendly 503, and cached pages go on being served."""

import contextlib

import pytest
from django.db import OperationalError, connection
from django.test import Client

from articles.tests.factories import ArticleFactory

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
