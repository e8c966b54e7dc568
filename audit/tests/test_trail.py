import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.tests.factories import ArticleFactory
from audit.models import AuditEvent
from comments.models import Comment
from comments.services import comment_set_status
from comments.tests.factories import post
from editorial.tests.admin_forms import save, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_user():
    return staff("ines", "Editor", first_name="Ines", last_name="Editor")


@pytest.fixture
def editor(editor_user):
    client = Client()
    client.force_login(editor_user)
    return client


def trail(story):
    return list(
        AuditEvent.objects.filter(object_type="article", object_id=str(story.pk))
        .order_by("at", "pk")
        .values_list("action", "from_state", "to_state", "actor_name")
    )


def test_publishing_scheduling_rescheduling_and_unpublishing_are_recorded_with_who_and_states(editor):
    story = ArticleFactory(status="draft")
    later = timezone.localtime() + datetime.timedelta(days=1)
    save(editor, story, status="published", publish_at_0=later.strftime("%Y-%m-%d"), publish_at_1="09:00:00")
    save(editor, story, publish_at_0=later.strftime("%Y-%m-%d"), publish_at_1="10:00:00")
    now = timezone.localtime()
    save(editor, story, publish_at_0=now.strftime("%Y-%m-%d"), publish_at_1=now.strftime("%H:%M:%S"))
    editor.post(
        reverse("admin:articles_article_changelist"), {"action": "return_to_draft", "_selected_action": [story.pk]}
    )

    day = date_format(later, "DATE_FORMAT") + ","  # the site's one format: "8 Dec 2026, 09:00"
    assert trail(story) == [
        ("schedule", "draft", f"scheduled for {day} 09:00", "Ines Editor"),
        ("reschedule", f"scheduled for {day} 09:00", f"scheduled for {day} 10:00", "Ines Editor"),
        ("publish", f"scheduled for {day} 10:00", "published", "Ines Editor"),
        ("unpublish", "published", "draft", "Ines Editor"),
    ]


def test_a_deleted_story_leaves_its_record(editor):
    story = ArticleFactory(headline="Gone tomorrow")
    pk = story.pk
    editor.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})
    event = AuditEvent.objects.get(action="delete", object_id=str(pk))
    assert event.object_repr == "Gone tomorrow" and event.from_state == "published"


def test_comment_moderation_is_recorded(editor_user):
    comment = post(ArticleFactory(), status=Comment.Status.PENDING)
    comment_set_status(comment=comment, status=Comment.Status.SPAM, by=editor_user)
    event = AuditEvent.objects.get(object_type="comment", object_id=str(comment.pk))
    assert (event.action, event.from_state, event.to_state, event.actor_name) == (
        "comment_moderated",
        "pending",
        "spam",
        "Ines Editor",
    )


def test_editors_filter_the_trail_and_nobody_can_edit_it(editor):
    story = ArticleFactory(status="draft")
    editor.post(reverse("admin:articles_article_changelist"), {"action": "publish_now", "_selected_action": [story.pk]})
    comment_set_status(comment=post(story, status=Comment.Status.PENDING), status=Comment.Status.APPROVED, by=None)
    url = reverse("admin:audit_auditevent_changelist")

    published = editor.get(url, {"action__exact": "publish"})
    assert [event.object_repr for event in published.context["cl"].result_list] == [story.headline]
    articles_only = editor.get(url, {"object_type__exact": "article"}).context["cl"].result_list
    assert {event.object_type for event in articles_only} == {"article"}
    assert AuditEvent.objects.filter(object_type="comment").exists()
    event = AuditEvent.objects.first()
    assert editor.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"note": "x"}).status_code == 403
    assert editor.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, note="").exists()


def test_a_moderators_edit_of_a_comment_is_recorded(editor_user):
    from comments.services import comment_edit

    comment = post(ArticleFactory(), body="Original")
    comment_edit(comment=comment, body="Trimmed", by=editor_user)
    assert AuditEvent.objects.filter(action="comment_edited", object_id=str(comment.pk), actor=editor_user).exists()
