"""Whatever a Reporter, a Moderator or a staff member without a group sends, readers see the
same story: every field of the form, every action, every workflow view. An Editor's work goes through."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    place_picture,
)
from editorial.models import Correction, DraftLink, Revision
from editorial.snapshot import snapshot
from editorial.tests.admin_forms import change_form, staff

pytestmark = pytest.mark.django_db

ROLES = {"reporter": ["Reporter"], "moderator": ["Moderator"], "no group": []}
LATER = timezone.localtime() + datetime.timedelta(days=3)
EARLIER = timezone.localtime() - datetime.timedelta(days=3)


def seen_by_readers(story):
    story = Article.objects.get(pk=story.pk)
    return snapshot(story), story.status, story.publish_at, story.is_published


@pytest.fixture
def live():
    story = ArticleFactory(
        headline="Live story", tags=[TagFactory()], authors=[AuthorFactory()], lead_image=ImageFactory()
    )
    story.key_points.create(text="A point", order=0)
    place_picture(story, ImageFactory(), caption="A caption")
    return story


def client_for(role):
    client = Client()
    client.force_login(staff(role.replace(" ", "-"), *ROLES.get(role, ["Editor"])))
    return client


# Each entry changes one thing readers see, as a browser (or a crafted request) would post it.
FIELD_CHANGES = {
    "headline": lambda s: {"headline": "Changed"},
    "slug": lambda s: {"slug": "changed-slug"},
    "standfirst": lambda s: {"standfirst": "Changed standfirst"},
    "section": lambda s: {"section": str(SectionFactory().pk)},
    "tags": lambda s: {"tags": [str(TagFactory().pk)]},
    "dateline": lambda s: {"dateline": "ELSEWHERE"},
    "body": lambda s: {"body": "<p>Changed body</p>"},
    "lead image": lambda s: {"lead_image": str(ImageFactory().pk)},
    "lead image caption": lambda s: {"lead_image_caption": "Changed caption"},
    "status to draft": lambda s: {"status": "draft"},
    "publish at, future": lambda s: {"publish_at_0": LATER.strftime("%Y-%m-%d"), "publish_at_1": "08:00:00"},
    "publish at, past": lambda s: {"publish_at_0": EARLIER.strftime("%Y-%m-%d"), "publish_at_1": "08:00:00"},
    "comments": lambda s: {"comments_enabled": ""},
    "editor's note": lambda s: {"editors_note": "Changed note"},
    "byline": lambda s: {"bylines-0-author": str(AuthorFactory().pk)},
    "key point": lambda s: {"key_points-0-text": "Changed point"},
    "picture caption": lambda s: {"body": s.body.replace("A caption", "Changed picture caption")},
    "picture removed": lambda s: {"body": s.body[: s.body.index("<figure")]},
    "scheduled change": lambda s: {
        "changes_go_live_at_0": LATER.strftime("%Y-%m-%d"),
        "changes_go_live_at_1": "08:00:00",
    },
}


@pytest.mark.parametrize("change", sorted(FIELD_CHANGES))
def test_a_reporters_change_to_any_field_of_a_live_story_waits_for_review(live, change):
    reporter = client_for("reporter")
    before = seen_by_readers(live)
    data = {**change_form(reporter, live), **FIELD_CHANGES[change](live)}

    response = reporter.post(reverse("admin:articles_article_change", args=[live.pk]), data)

    assert response.status_code in (200, 302)
    assert seen_by_readers(live) == before


@pytest.mark.parametrize("role", ["moderator", "no group"])
def test_others_cannot_post_the_story_form(live, role):
    client = client_for(role)
    before = seen_by_readers(live)
    url = reverse("admin:articles_article_change", args=[live.pk])
    assert client.get(url).status_code in (200, 403)  # a moderator may read the story, read-only
    assert client.post(url, {"headline": "Changed", "status": "draft"}).status_code == 403
    assert seen_by_readers(live) == before


@pytest.mark.parametrize("role", sorted(ROLES))
def test_no_action_or_workflow_view_changes_what_readers_see(live, role):
    client = client_for(role)
    editor = client_for("editor")
    draft = ArticleFactory(status="draft")
    pending = Revision.objects.create(article=live, status="pending", data={**snapshot(live), "headline": "Pending"})
    scheduled = Revision.objects.create(
        article=live,
        status="scheduled",
        data={**snapshot(live), "headline": "Later"},
        apply_at=timezone.now() + datetime.timedelta(days=1),
    )
    old = Revision.objects.create(article=live, status="saved", data={**snapshot(live), "headline": "Old"})
    link = DraftLink.objects.create(article=draft, expires_at=timezone.now() + datetime.timedelta(days=1))
    before, draft_before = seen_by_readers(live), seen_by_readers(draft)
    changelist = reverse("admin:articles_article_changelist")
    action = lambda name, rev: reverse("admin:articles_article_revision_action", args=[live.pk, rev.pk, name])  # noqa: E731

    posts = [
        (changelist, {"action": "publish_now", "_selected_action": [draft.pk]}),
        (changelist, {"action": "return_to_draft", "_selected_action": [live.pk]}),
        (changelist, {"action": "delete_selected", "_selected_action": [live.pk], "post": "yes"}),
        (reverse("admin:articles_article_delete", args=[live.pk]), {"post": "yes"}),
        (action("restore", old), {}),
        (action("approve", pending), {}),
        (action("reject", pending), {"note": "no"}),
        (action("cancel", scheduled), {}),
        (
            reverse("admin:articles_article_correction", args=[live.pk]),
            {"correction-kind": "correction", "correction-text": "x"},
        ),
        (reverse("admin:articles_article_share", args=[draft.pk]), {"share-hours": "5"}),
        (reverse("admin:articles_article_share_revoke", args=[draft.pk, link.pk]), {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 302, 403), (url, response.status_code)

    assert seen_by_readers(live) == before and seen_by_readers(draft) == draft_before
    assert not Correction.objects.exists()
    assert DraftLink.objects.get(pk=link.pk).revoked_at is None and DraftLink.objects.count() == 1
    assert Revision.objects.get(pk=pending.pk).status == "pending"
    assert Revision.objects.get(pk=scheduled.pk).status == "scheduled"

    # The same requests from an editor do what they say.
    assert editor.post(action("approve", pending)).status_code == 302
    live.refresh_from_db()
    assert live.headline == "Pending"


def test_only_editors_read_the_audit_trail_and_the_review_queue(live):
    for role in ROLES:
        client = client_for(role)
        assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 403
        assert client.get(reverse("admin:editorial_revision_changelist") + "?status__exact=pending").status_code == 403
    editor = client_for("editor")
    assert editor.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert editor.get(reverse("admin:editorial_revision_changelist") + "?status__exact=pending").status_code == 200
