"""Editing a body loses nothing: an unchanged save changes and records nothing; a save that would
drop what the visual editor could not hold is refused, naming it, with the story reopened as
HTML; pictures in the text are chosen from the library and cannot be deleted while in use."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from articles.models import Article, Image
from articles.tests.factories import ArticleFactory, ImageFactory, SectionFactory, place_picture
from articles.tests.test_admin import article_form

pytestmark = pytest.mark.django_db

STORED = "<p>Water is H<sub>2</sub>O.</p><dl><dt>Surge</dt><dd>Water above the tide.</dd></dl>"


def change(client, story, **overrides):
    data = article_form(story.section, headline=story.headline, slug=story.slug, status=story.status, **overrides)
    return client.post(reverse("admin:articles_article_change", args=[story.pk]), data)


def test_saving_what_the_editor_loaded_changes_nothing_and_records_nothing(editor_client):
    story = ArticleFactory(body=STORED, status=Article.Status.DRAFT)
    stored = Article.objects.get(pk=story.pk).body
    # The editor writes the same body in its own words (attribute order, spacing).
    as_written = stored.replace("<dl>", "\n<dl>")
    response = change(editor_client, story, body=as_written, body_as_loaded=as_written)
    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).body == stored
    assert "Body" not in LogEntry.objects.filter(object_id=str(story.pk)).latest("pk").get_change_message()


def test_a_save_that_would_lose_what_the_editor_could_not_hold_is_refused_naming_it(editor_client):
    story = ArticleFactory(body=STORED, status=Article.Status.DRAFT)
    stored = Article.objects.get(pk=story.pk).body
    loaded = "<p>Water is H2O.</p>"  # an editor that could not hold the subscript or the definitions
    response = change(editor_client, story, body=loaded + "<p>New line.</p>", body_as_loaded=loaded)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: the visual editor cannot hold part of this story" in page
    assert "<dd>" in page.replace("&lt;", "<").replace("&gt;", ">") and "sub" in page
    assert Article.objects.get(pk=story.pk).body == stored  # nothing lost
    # The form comes back as HTML, holding the stored body, so the writer loses nothing either.
    assert 'name="body_mode" value="html"' in page and "Body (HTML)" in page
    assert "Water above the tide." in page

    response = change(editor_client, story, body=stored + "<p>New line.</p>", body_mode="html")
    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).body == stored + "<p>New line.</p>"


def test_a_crafted_body_goes_through_the_sanitiser_in_html_mode_too(editor_client):
    story = ArticleFactory(status=Article.Status.DRAFT)
    change(editor_client, story, body='<p onclick="x()">Hi</p><script>alert(1)</script>', body_mode="html")
    assert Article.objects.get(pk=story.pk).body == "<p>Hi</p>"


def test_a_new_story_keeps_its_body(editor_client):
    section = SectionFactory()
    response = editor_client.post(
        reverse("admin:articles_article_add"), article_form(section, body="<p>Fresh <mark>news</mark>.</p>")
    )
    assert response.status_code == 302
    assert Article.objects.get().body == "<p>Fresh <mark>news</mark>.</p>"


def test_the_picture_chooser_answers_thumbnails_and_library_text(editor_client, client):
    image = ImageFactory(caption="The quay", credit="Port archive", alt_text="A quay")
    url = reverse("admin:articles_body_pictures")
    answer = editor_client.get(url, {"ids": f"{image.pk},abc,-1,99999999999999999999999999,"}).json()
    assert answer["pictures"] == {
        str(image.pk): {
            "id": image.pk,
            "thumbnail": answer["pictures"][str(image.pk)]["thumbnail"],
            "alt": "A quay",
            "caption": "The quay",
            "credit": "Port archive",
        }
    }
    assert answer["pictures"][str(image.pk)]["thumbnail"]
    client.logout()
    assert client.get(url, {"ids": str(image.pk)}).status_code == 302  # to the login page


def test_a_picture_in_a_storys_text_cannot_be_deleted_and_the_refusal_names_the_story(editor_client):
    image = ImageFactory()
    story = place_picture(ArticleFactory(headline="Cranes return to the quay"), image)
    assert story.body_pictures.get().image == image
    page = editor_client.get(reverse("admin:articles_image_delete", args=[image.pk])).content.decode()
    assert "Cranes return to the quay" in page
    editor_client.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()

    story.body = "<p>No picture now.</p>"
    story.save()
    assert not story.body_pictures.exists()  # out of the text: free to delete
    editor_client.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})
    assert not Image.objects.filter(pk=image.pk).exists()


def test_a_reporter_may_not_change_a_picture_shown_in_a_published_storys_text(reporter_client):
    image = ImageFactory(caption="Original")
    place_picture(ArticleFactory(status=Article.Status.PUBLISHED), image)
    url = reverse("admin:articles_image_change", args=[image.pk])
    assert reporter_client.post(url, {"alt_text": "x", "caption": "Changed"}).status_code == 403
