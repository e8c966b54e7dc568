import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.tests.factories import ArticleFactory
from audit.models import AuditEvent
from editorial.models import Revision
from editorial.tests.admin_forms import change_form, save, staff
from editorial.tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def live():
    return ArticleFactory(headline="Ferry fares rise", body="<p>Fares rise by five percent in May.</p>")


def public_page(story):
    cache.clear()
    return Client().get(story.get_absolute_url()).content.decode()


def test_a_reporters_edit_to_a_live_story_waits_for_review_and_readers_keep_the_live_version(reporter, editor, live):
    response = save(reporter, live, headline="Ferry fares rise sharply", body="<p>Fares rise by eight percent.</p>")

    assert response.status_code == 302
    live.refresh_from_db()
    assert live.headline == "Ferry fares rise"
    page = public_page(live)
    assert "Ferry fares rise sharply" not in page and "five percent" in page
    pending = Revision.objects.pending().get(article=live)
    assert pending.data["headline"] == "Ferry fares rise sharply" and pending.created_by.username == "rui"
    assert "waiting for an editor" in reporter.get(response["Location"]).content.decode()

    form_page = editor.get(reverse("admin:articles_article_change", args=[live.pk])).content.decode()
    assert "Changes awaiting review" in form_page and "Review the changes" in form_page
    queue = editor.get(reverse("admin:editorial_revision_changelist") + "?status__exact=pending").content.decode()
    assert "Ferry fares rise" in queue
    review_url = reverse("admin:articles_article_revision", args=[live.pk, pending.pk])
    # The story's name is the link to review it, in the first column.
    assert f'<a href="{review_url}"><strong>{live.headline}</strong></a>' in queue
    review = editor.get(reverse("admin:articles_article_revision", args=[live.pk, pending.pk])).content.decode()
    assert "<del>five</del><ins>eight</ins>" in review and "Publish these changes" in review

    approve = reverse("admin:articles_article_revision_action", args=[live.pk, pending.pk, "approve"])
    assert editor.post(approve).status_code == 302
    live.refresh_from_db()
    assert live.headline == "Ferry fares rise sharply"
    assert "eight percent" in public_page(live)
    assert AuditEvent.objects.filter(action="changes_approved", object_id=str(live.pk)).exists()


def test_rejected_changes_come_back_to_their_author_with_the_note(reporter, editor, live):
    save(reporter, live, headline="Fares soar")
    pending = Revision.objects.pending().get(article=live)
    reject = reverse("admin:articles_article_revision_action", args=[live.pk, pending.pk, "reject"])

    editor.post(reject, {"note": ""})
    assert Revision.objects.get(pk=pending.pk).status == Revision.Status.PENDING  # a reason is required
    editor.post(reject, {"note": "Soar overstates a five percent rise."})

    pending.refresh_from_db()
    assert pending.status == Revision.Status.REJECTED
    live.refresh_from_db()
    assert live.headline == "Ferry fares rise"
    page = reporter.get(reverse("admin:articles_article_change", args=[live.pk])).content.decode()
    assert "Your changes were not approved" in page and "Soar overstates a five percent rise." in page


def test_an_editors_own_edit_goes_live_at_once(editor, live):
    save(editor, live, headline="Ferry fares rise in May")
    live.refresh_from_db()
    assert live.headline == "Ferry fares rise in May"
    assert not Revision.objects.pending().exists()


def test_a_reporter_edits_a_draft_freely(reporter):
    draft = ArticleFactory(status="draft", headline="Working title")
    save(reporter, draft, headline="Better title")
    draft.refresh_from_db()
    assert draft.headline == "Better title"


def test_a_scheduled_change_replaces_the_live_version_at_its_time_without_a_cron_job(editor, live):
    later = timezone.localtime() + datetime.timedelta(hours=2)
    response = save(
        editor,
        live,
        body="<p>Fares rise by six percent, the operator confirmed.</p>",
        changes_go_live_at_0=later.strftime("%Y-%m-%d"),
        changes_go_live_at_1=later.strftime("%H:%M:%S"),
    )
    assert response.status_code == 302
    scheduled = Revision.objects.scheduled().get(article=live)
    assert "six percent" not in public_page(live)

    Revision.objects.filter(pk=scheduled.pk).update(apply_at=timezone.now() - datetime.timedelta(seconds=1))
    cache.clear()
    page = Client().get(live.get_absolute_url()).content.decode()  # the first page built applies it

    assert "six percent" in page
    scheduled.refresh_from_db()
    assert scheduled.status == Revision.Status.APPLIED
    assert AuditEvent.objects.filter(action="changes_applied", object_id=str(live.pk)).exists()


def test_a_scheduled_change_caps_how_long_pages_are_cached(editor, live):
    from core.pagecache import seconds_to_keep as _timeout

    soon = timezone.localtime() + datetime.timedelta(seconds=90)
    save(
        editor,
        live,
        headline="Embargoed",
        changes_go_live_at_0=soon.strftime("%Y-%m-%d"),
        changes_go_live_at_1=soon.strftime("%H:%M:%S"),
    )
    cache.clear()
    assert _timeout() <= 90


def test_a_scheduled_time_in_the_past_is_refused(editor, live):
    earlier = timezone.localtime() - datetime.timedelta(hours=1)
    response = save(
        editor,
        live,
        changes_go_live_at_0=earlier.strftime("%Y-%m-%d"),
        changes_go_live_at_1=earlier.strftime("%H:%M:%S"),
    )
    assert response.status_code == 200 and "Choose a time in the future" in response.content.decode()


def test_the_second_of_two_simultaneous_edits_is_refused_and_kept(editor, live):
    other = signed_in(staff("ana", "Editor", first_name="Ana"))
    mine = change_form(editor, live)
    theirs = change_form(other, live)
    here = editor.get(reverse("admin:articles_article_change", args=[live.pk])).content.decode()
    assert "<strong data-presence-names>Ana</strong>" in here  # who else has it open

    other.post(reverse("admin:articles_article_change", args=[live.pk]), {**theirs, "headline": "Ana's headline"})
    response = editor.post(
        reverse("admin:articles_article_change", args=[live.pk]), {**mine, "headline": "Ines's headline"}
    )

    live.refresh_from_db()
    assert live.headline == "Ana's headline"
    kept = Revision.objects.get(article=live, status=Revision.Status.CONFLICT)
    assert kept.data["headline"] == "Ines's headline"
    assert response.status_code == 302 and f"/revisions/{kept.pk}/" in response["Location"]
    page = editor.get(response["Location"]).content.decode()
    assert "Not saved: Ana saved this story" in page
    assert "<del>Ana&#x27;s headline</del>" in page and "<ins>Ines&#x27;s headline</ins>" in page
