import pytest
from django.contrib.auth.models import Group, User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Image
from articles.tests.factories import ArticleFactory, AuthorFactory, ImageFactory, SectionFactory, image_bytes

pytestmark = pytest.mark.django_db


def staff(username, group):
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_form(section, **overrides):
    now = timezone.localtime()
    data = {
        "headline": "Bridge reopens",
        "slug": "bridge-reopens",
        "standfirst": "Faster commutes at last.",
        "section": section.pk,
        "dateline": "PORT ALDREN",
        "body": "<p>The bridge is open.</p>",
        "status": Article.Status.DRAFT,
        "publish_at_0": now.strftime("%Y-%m-%d"),
        "publish_at_1": now.strftime("%H:%M:%S"),
        "comments_enabled": "on",
        "editors_note": "",
        "lead_image_caption": "",
        **inline_management("bylines"),
        **inline_management("key_points"),
        **inline_management("live"),
    }
    data.update(overrides)
    return data


def test_groups_are_created_by_migration_with_publish_only_for_editors():
    reporter = Group.objects.get(name="Reporter")
    editor = Group.objects.get(name="Editor")
    assert not reporter.permissions.filter(codename="publish_article").exists()
    assert reporter.permissions.filter(codename="change_article").exists()
    assert editor.permissions.filter(codename="publish_article").exists()


def test_reporter_can_save_a_draft_but_cannot_publish_through_the_form(reporter_client):
    section = SectionFactory()
    url = reverse("admin:articles_article_add")

    response = reporter_client.post(url, article_form(section, status=Article.Status.PUBLISHED))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Article.objects.exists()
    assert reporter_client.post(url, article_form(section)).status_code == 302
    assert Article.objects.get().status == Article.Status.DRAFT


def test_reporter_cannot_unpublish_a_published_story_through_the_form(reporter_client):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = article_form(article.section, slug=article.slug, status=Article.Status.DRAFT)

    response = reporter_client.post(url, data)

    assert "Only editors can publish" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_reporter_cannot_use_the_publish_action(reporter_client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    changelist = reverse("admin:articles_article_changelist")

    assert "publish_now" not in reporter_client.get(changelist).content.decode()
    reporter_client.post(changelist, {"action": "publish_now", "_selected_action": [draft.pk]})

    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_editor_publishes_now_and_returns_to_draft_with_the_actions(editor_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=timezone.now() - timezone.timedelta(days=3))
    changelist = reverse("admin:articles_article_changelist")

    editor_client.post(changelist, {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published
    assert timezone.now() - draft.publish_at < timezone.timedelta(minutes=1)

    editor_client.post(changelist, {"action": "return_to_draft", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


def test_editor_can_publish_through_the_form_with_bylines_and_key_points(editor_client):
    section = SectionFactory()
    author = AuthorFactory()
    data = article_form(
        section,
        status=Article.Status.PUBLISHED,
        **inline_management("bylines", total=1),
        **{"bylines-0-author": author.pk, "bylines-0-order": "0"},
        **inline_management("key_points", total=1),
        **{"key_points-0-text": "It is open", "key_points-0-order": "0"},
    )

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.is_published
    assert [b.author for b in article.bylines.all()] == [author]
    assert article.key_points.get().text == "It is open"
    assert article.created_by.username == "editor"


def test_admin_add_article_with_an_image_uploaded_through_the_admin(editor_client):
    upload = SimpleUploadedFile("lead.jpg", image_bytes(size=(900, 600)), content_type="image/jpeg")
    response = editor_client.post(
        reverse("admin:articles_image_add"),
        {
            "file": upload,
            "alt_text": "A bridge at dusk",
            "caption": "The bridge",
            "credit": "AFP",
            "licence": "Fair use",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height, image.uploaded_by.username) == (900, 600, "editor")

    section = SectionFactory()
    response = editor_client.post(reverse("admin:articles_article_add"), article_form(section, lead_image=image.pk))

    assert response.status_code == 302
    assert Article.objects.get().lead_image == image


@pytest.mark.parametrize(
    "data, message",
    [
        (b"not an image at all", "not an image we can read"),
        (image_bytes("BMP"), "BMP images are not supported"),
        (image_bytes("JPEG", size=(600, 600))[:500], "damaged or incomplete"),
    ],
)
def test_a_refused_upload_shows_the_reason_and_leaves_nothing_behind(editor_client, data, message):
    upload = SimpleUploadedFile("photo.jpg", data, content_type="image/jpeg")

    response = editor_client.post(reverse("admin:articles_image_add"), {"file": upload, "alt_text": "x"})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Image.objects.exists()
    assert not default_storage.exists("images")


def test_image_over_the_limits_is_refused_in_the_admin(editor_client, settings):
    settings.IMAGE_MAX_PIXELS = 50 * 50
    upload = SimpleUploadedFile("big.png", image_bytes("PNG", size=(100, 100)), content_type="image/png")

    response = editor_client.post(reverse("admin:articles_image_add"), {"file": upload, "alt_text": "x"})

    assert "megapixels" in response.content.decode()
    assert not Image.objects.exists()


def test_preview_link_for_drafts_and_view_on_site_for_published(editor_client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    live = ArticleFactory()
    html = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert reverse("articles:preview", args=[draft.pk]) in html
    assert live.get_absolute_url() in html


def test_image_admin_lists_and_searches_by_credit(editor_client):
    ImageFactory(credit="Reuters", alt_text="Boats")
    ImageFactory(credit="AFP", alt_text="Trains")

    html = editor_client.get(reverse("admin:articles_image_changelist"), {"q": "Reuters"}).content.decode()

    assert "Boats" in html and "Trains" not in html


def test_naughty_strings_in_admin_text_fields_never_break_the_form(editor_client, naughty_strings):
    section = SectionFactory()
    url = reverse("admin:articles_article_add")
    for number, text in enumerate(naughty_strings[::7]):
        data = article_form(
            section, headline=text[:200] or "x", slug=f"story-{number}", standfirst=text[:400], dateline=text[:100]
        )
        response = editor_client.post(url, data)
        assert response.status_code in (200, 302), text
    for article in Article.objects.all()[:20]:
        assert editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).status_code == 200


@pytest.mark.parametrize(
    "when",
    [timezone.timedelta(hours=-2), timezone.timedelta(days=3650)],
    ids=["into the past", "years ahead"],
)
@pytest.mark.parametrize("status", ["live", "scheduled"])
def test_reporters_cannot_move_when_readers_see_a_story_even_with_a_crafted_post(reporter_client, when, status):
    publish_at = timezone.now() + (
        timezone.timedelta(hours=5) if status == "scheduled" else -timezone.timedelta(days=1)
    )
    article = ArticleFactory(publish_at=publish_at)
    moved = timezone.localtime(timezone.now() + when)
    data = article_form(
        article.section,
        headline=article.headline,
        slug=article.slug,
        status=Article.Status.PUBLISHED,
        publish_at_0=moved.strftime("%Y-%m-%d"),
        publish_at_1=moved.strftime("%H:%M:%S"),
    )

    reporter_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    article.refresh_from_db()
    assert abs((article.publish_at - publish_at).total_seconds()) < 1
    assert article.is_published == (status == "live")


def test_a_draft_published_from_the_form_goes_out_now_not_at_its_writing_time(editor_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=timezone.now() - timezone.timedelta(hours=5))
    written = timezone.localtime(draft.publish_at)
    data = article_form(
        draft.section,
        slug=draft.slug,
        status=Article.Status.PUBLISHED,
        publish_at_0=written.strftime("%Y-%m-%d"),
        publish_at_1=written.strftime("%H:%M:%S"),
    )

    assert editor_client.post(reverse("admin:articles_article_change", args=[draft.pk]), data).status_code == 302

    draft.refresh_from_db()
    assert draft.is_published
    assert timezone.now() - draft.publish_at < timezone.timedelta(minutes=1)


def test_an_editor_still_schedules_with_a_future_time(editor_client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    later = timezone.localtime(timezone.now() + timezone.timedelta(days=2)).replace(microsecond=0)
    data = article_form(
        draft.section,
        slug=draft.slug,
        status=Article.Status.PUBLISHED,
        publish_at_0=later.strftime("%Y-%m-%d"),
        publish_at_1=later.strftime("%H:%M:%S"),
    )

    editor_client.post(reverse("admin:articles_article_change", args=[draft.pk]), data)

    draft.refresh_from_db()
    assert draft.publish_at == later and not draft.is_published
