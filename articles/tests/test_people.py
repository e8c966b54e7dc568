import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from articles.models import Author
from articles.tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def writer(username, group="Reporter", **fields):
    user = User.objects.create_user(username, is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return user, client


def test_a_new_reporter_gets_a_profile_on_first_use_and_edits_it():
    user, client = writer("noor", first_name="Noor", last_name="Haddad")

    response = client.get(reverse("admin:articles_author_me"))
    profile = Author.objects.get(user=user)
    assert response.status_code == 302 and response["Location"].endswith(f"/{profile.pk}/change/")
    assert (profile.name, profile.slug) == ("Noor Haddad", "noor-haddad")
    assert client.get(reverse("admin:articles_author_me")).status_code == 302
    assert Author.objects.filter(user=user).count() == 1  # once

    client.post(
        reverse("admin:articles_author_change", args=[profile.pk]), {"name": "Noor Haddad", "bio": "Covers the port."}
    )
    profile.refresh_from_db()
    assert profile.bio == "Covers the port." and profile.user == user


def test_a_new_story_starts_with_its_writers_byline():
    user, client = writer("noor", first_name="Noor")
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    profile = Author.objects.get(user=user)
    assert f'<option value="{profile.pk}" selected>Noor</option>' in html


def test_a_reporter_cannot_edit_a_colleagues_profile_but_an_editor_can():
    colleague = AuthorFactory(name="Amara Okafor", bio="Covers city hall.")
    _user, reporter = writer("noor")
    url = reverse("admin:articles_author_change", args=[colleague.pk])

    assert reporter.post(url, {"name": "Someone else", "slug": "x", "bio": "Changed"}).status_code == 403
    colleague.refresh_from_db()
    assert colleague.bio == "Covers city hall."

    _editor, editor = writer("ines", group="Editor")
    editor.post(url, {"name": "Amara Okafor", "slug": colleague.slug, "bio": "Covers city hall and the port."})
    colleague.refresh_from_db()
    assert colleague.bio == "Covers city hall and the port."


def test_a_reporter_cannot_give_their_profile_to_another_account():
    user, client = writer("noor")
    other = User.objects.create_user("someone")
    client.get(reverse("admin:articles_author_me"))
    profile = Author.objects.get(user=user)
    client.post(
        reverse("admin:articles_author_change", args=[profile.pk]), {"name": "Noor", "user": other.pk, "slug": "taken"}
    )
    profile.refresh_from_db()
    assert profile.user == user and profile.slug != "taken"


def test_an_account_without_a_name_is_not_a_byline_called_admin(settings):
    from articles.people import author_profile_for

    settings.SITE_NAME = "The Harbour Gazette"
    admin = User.objects.create_superuser("admin", "admin@example.org", "pw")
    other = User.objects.create_user("desk2", is_staff=True)

    first, second = author_profile_for(admin), author_profile_for(other)
    assert (first.name, first.slug) == ("The Harbour Gazette staff", "the-harbour-gazette-staff")
    assert second.name == "The Harbour Gazette staff" and second.slug == "the-harbour-gazette-staff-2"
    assert "admin" not in first.name
