"""Posting the public comment form from tests, as a browser (or a script) would."""

from django.utils import timezone

from articles.tests.factories import ArticleFactory
from comments.tests.factories import post


def form(**overrides):
    data = {"name": "Ann Reader", "email": "ann@example.org", "url": "", "body": "A fair point, well made."}
    data.update(overrides)
    return data


def submit(client, article, **overrides):
    return client.post(f"/comments/post/{article.pk}/", form(**overrides), REMOTE_ADDR="203.0.113.5")


def refused(client, response, article):
    """A refused plain post goes back to the story's form (303); the page there says why, once."""
    assert response.status_code == 303, response.status_code
    assert response["Location"] == article.get_absolute_url()
    return client.get(response["Location"]).content.decode()


def submit_json(client, article, **overrides):
    return client.post(
        f"/comments/post/{article.pk}/", form(**overrides), REMOTE_ADDR="203.0.113.5", HTTP_ACCEPT="application/json"
    )


def regular(article):
    """Make Ann a returning commenter, so her comments are approved at once."""
    earlier = timezone.now() - timezone.timedelta(minutes=10)
    post(ArticleFactory(), email="ann@example.org", name="Ann Reader", body="earlier", created_at=earlier)
