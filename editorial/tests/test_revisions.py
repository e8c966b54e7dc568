import pytest
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    TagFactory,
    body_figures,
    place_picture,
)
from editorial.models import Revision
from editorial.tests.admin_forms import change_form, save

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    story = ArticleFactory(
        headline="Harbour wall to be rebuilt",
        body="<p>The council voted on Monday to rebuild the wall.</p>",
        lead_image=ImageFactory(title="Quay"),
        tags=[TagFactory(name="Harbour")],
        authors=[AuthorFactory(name="Amara Okafor")],
    )
    story.key_points.create(text="Work starts in March", order=0)
    place_picture(story, ImageFactory(title="Crane"), caption="Cranes at dawn")
    return story


def test_every_save_records_what_readers_see(editor, story):
    assert save(editor, story, headline="Harbour wall rebuild approved").status_code == 302

    first, latest = Revision.objects.saved().filter(article=story).order_by("created_at", "pk")
    assert first.summary == "The version before revisions were kept"
    data = latest.data
    assert data["headline"] == "Harbour wall rebuild approved"
    assert data["section"]["id"] == story.section_id
    assert [tag["name"] for tag in data["tags"]] == ["Harbour"]
    assert [byline["name"] for byline in data["bylines"]] == ["Amara Okafor"]
    assert data["key_points"] == ["Work starts in March"]
    assert data["lead_image"]["title"] == "Quay"
    assert body_figures(data["body"]) == [(story.body_pictures.get().image_id, "Cranes at dawn")]
    assert latest.created_by.username == "ines"


def test_the_history_shows_who_saved_and_a_readable_diff(editor, story):
    save(
        editor,
        story,
        body=story.body.replace("Monday", "Tuesday").replace("rebuild the", "rebuild the old").replace("dawn", "dusk"),
    )
    latest = Revision.objects.saved().filter(article=story).first()

    history = editor.get(reverse("admin:articles_article_history_revisions", args=[story.pk])).content.decode()
    assert "Ines Editor" in history and "What changed" in history
    page = editor.get(reverse("admin:articles_article_revision", args=[story.pk, latest.pk])).content.decode()
    assert "<del>Monday</del><ins>Tuesday</ins>" in page
    assert "<ins>old </ins>" in page
    assert "3 words added, 2 removed" in page
    assert "<del>dawn</del><ins>dusk</ins>" in page  # the picture's caption changed


def test_restoring_a_revision_makes_a_new_one_and_rewrites_nothing(editor, story):
    save(editor, story, headline="A headline we regret")
    regretted = Revision.objects.saved().filter(article=story).first()
    original = Revision.objects.saved().filter(article=story).last()
    story.refresh_from_db()
    assert story.headline == "A headline we regret"

    url = reverse("admin:articles_article_revision_action", args=[story.pk, original.pk, "restore"])
    assert editor.post(url).status_code == 302

    story.refresh_from_db()
    assert story.headline == "Harbour wall to be rebuilt"
    newest = Revision.objects.saved().filter(article=story).first()
    assert newest.based_on == original and "Restored the version of" in newest.summary
    regretted.refresh_from_db()
    assert regretted.data["headline"] == "A headline we regret"  # the past stays as it was
    assert Revision.objects.filter(article=story).count() == 3


def test_restore_brings_back_pictures_bylines_and_key_points(editor, story):
    change_form(editor, story)  # the first revision is made when the form is opened
    original = Revision.objects.saved().get(article=story)
    story.key_points.all().delete()
    story.body = "<p>The council voted on Monday to rebuild the wall.</p>"
    story.bylines.all().delete()
    story.lead_image = None
    story.save()

    editor.post(reverse("admin:articles_article_revision_action", args=[story.pk, original.pk, "restore"]))

    story = Article.objects.get(pk=story.pk)
    assert [p.text for p in story.key_points.all()] == ["Work starts in March"]
    crane = story.body_pictures.get().image
    assert crane.title == "Crane" and body_figures(story.body) == [(crane.pk, "Cranes at dawn")]
    assert [b.author.name for b in story.bylines.all()] == ["Amara Okafor"]
    assert [b.publish_at for b in story.bylines.all()] == [story.publish_at]  # the author page's index
    assert story.lead_image.title == "Quay"


def test_any_two_revisions_can_be_compared(editor, story):
    save(editor, story, headline="Second headline")
    save(editor, story, headline="Third headline")
    first, _second, third = Revision.objects.saved().filter(article=story).order_by("created_at", "pk")
    url = reverse("admin:articles_article_history_revisions", args=[story.pk])

    response = editor.get(url, {"left": third.pk, "right": first.pk})

    assert response.status_code == 302
    assert response["Location"].endswith(f"/revisions/{third.pk}/?against={first.pk}")
    page = editor.get(response["Location"]).content.decode()
    assert "<del>Harbour wall to be rebuilt</del>" in page and "<ins>Third headline</ins>" in page
    assert editor.get(url, {"left": "x", "right": first.pk}).status_code == 200
