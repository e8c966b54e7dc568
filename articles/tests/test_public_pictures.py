"""Every relation to the image library says whether it shows a picture to readers, and a Reporter
may not change a picture readers see, whichever way they see it."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.public_pictures import is_public, relations, unanswered
from articles.tests.factories import ArticleFactory, AuthorFactory, ImageFactory, place_picture
from pages.models import Page

pytestmark = pytest.mark.django_db

IMAGE_FORM = {"alt_text": "Changed", "title": "", "caption": "Changed caption", "credit": "x", "licence": ""}


def test_every_relation_to_the_image_library_answers_whether_readers_see_it():
    assert relations() >= {"articles.Article.lead_image", "articles.Author.photo", "pages.Page.lead_image"}
    assert unanswered() == set()  # a new relation to Image fails here until it says


def shown_by(use, image):
    if use == "story lead":
        ArticleFactory(lead_image=image, status=Article.Status.PUBLISHED)
    elif use == "story text":
        place_picture(ArticleFactory(status=Article.Status.PUBLISHED), image)
    elif use == "author photo":
        AuthorFactory(photo=image)
    elif use == "page lead":
        Page.objects.create(title="About", slug="about", status=Page.Status.PUBLISHED, lead_image=image)


@pytest.mark.parametrize("use", ["story lead", "story text", "author photo", "page lead"])
def test_a_reporter_may_not_change_a_picture_readers_see_whichever_way(use):
    image = ImageFactory(caption="Original caption")
    assert not is_public(image)
    shown_by(use, image)
    assert is_public(image)
    reporter = User.objects.create_user("reporter", password="pw", is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporter"))
    client = Client()
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_image_change", args=[image.pk]), IMAGE_FORM)
    assert response.status_code == 403
    image.refresh_from_db()
    assert image.caption == "Original caption"


def test_a_draft_pages_picture_is_not_public():
    image = ImageFactory()
    Page.objects.create(title="Draft", slug="draft", status=Page.Status.DRAFT, lead_image=image)
    assert not is_public(image)
