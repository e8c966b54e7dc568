import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.tests.factories import ArticleFactory
from engagement.services import reaction_toggle

pytestmark = pytest.mark.django_db


def test_the_story_admin_page_shows_its_reader_figures(client):
    article = ArticleFactory()
    reaction_toggle(article=article, reader="cookie:a", kind="happy")
    client.force_login(User.objects.create_superuser("boss", password="x"))

    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert "Happy: 1, Sad: 0" in html
