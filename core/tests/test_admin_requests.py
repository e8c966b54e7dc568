import pytest
from django.contrib.auth.models import User

from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/autocomplete/?term=%00&app_label=comments&model_name=comment&field_name=article",
        "/admin/articles/article/?q=a%00b",
        "/admin/comments/comment/?article__id__exact=%00",
        "/admin/comments/comment/?q=%00&q=ok",
    ],
)
def test_a_nul_in_an_admin_search_is_a_bad_request(client, url):
    ArticleFactory(headline="Harbour")
    client.force_login(User.objects.create_superuser("chief", "chief@example.com", "pw"))
    assert client.get(url).status_code == 400


def test_ordinary_admin_searches_go_through(client):
    ArticleFactory(headline="Harbour ferry")
    client.force_login(User.objects.create_superuser("chief", "chief@example.com", "pw"))
    response = client.get(
        "/admin/autocomplete/",
        {"term": "ferry", "app_label": "comments", "model_name": "comment", "field_name": "article"},
    )
    assert response.status_code == 200 and response.json()["results"][0]["text"] == "Harbour ferry"
    assert client.get("/?p=%00").status_code == 200  # public pages read it forgivingly, as before
