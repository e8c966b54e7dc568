"""Whoever proposed a change awaiting review, or scheduled one, goes on editing it in the story's
form (not the live version), with a banner saying so; saving again replaces it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, KeyPoint
from articles.tests.factories import ArticleFactory, AuthorFactory
from editorial.models import Revision
from editorial.tests.admin_forms import change_form, save, staff
from editorial.tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def live():
    story = ArticleFactory(headline="Ferry fares rise", body="<p>Fares rise by five percent in May.</p>")
    KeyPoint.objects.create(article=story, text="Five percent", order=0)
    return story


def form_page(client, story):
    return client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()


def later(hours):
    moment = timezone.localtime() + datetime.timedelta(hours=hours)
    return {"changes_go_live_at_0": moment.strftime("%Y-%m-%d"), "changes_go_live_at_1": moment.strftime("%H:%M:00")}


def test_the_proposer_goes_on_editing_their_change_awaiting_review(reporter, live):
    save(reporter, live, headline="Ferry fares rise sharply", **{"key_points-0-text": "Eight percent"})
    proposed = Revision.objects.pending().get(article=live)

    form = change_form(reporter, live)
    page = form_page(reporter, live)

    assert form["headline"] == "Ferry fares rise sharply"
    assert form["key_points-0-text"] == "Eight percent"  # the inlines show the change too
    assert form["open_change"] == str(proposed.pk)
    assert "You are editing your changes awaiting review" in page
    assert reverse("admin:articles_article_revision", args=[live.pk, proposed.pk]) in page  # compare
    # Showing it wrote nothing: the story and its key points are as readers see them.
    live.refresh_from_db()
    assert live.headline == "Ferry fares rise"
    assert list(live.key_points.values_list("text", flat=True)) == ["Five percent"]
    assert Revision.objects.filter(article=live).count() == 2  # the first version and the proposal


def test_the_bylines_a_change_adds_and_drops_are_shown_as_such(reporter, live):
    kept, dropped, added = AuthorFactory(name="Kept"), AuthorFactory(name="Dropped"), AuthorFactory(name="Added")
    Byline.objects.create(article=live, author=kept, order=0)
    Byline.objects.create(article=live, author=dropped, order=1)
    new_row = {"bylines-TOTAL_FORMS": "3", "bylines-2-author": str(added.pk), "bylines-2-order": "1"}
    save(reporter, live, **{"bylines-1-DELETE": "on", **new_row})
    assert [b["name"] for b in Revision.objects.pending().get(article=live).data["bylines"]] == ["Kept", "Added"]

    form = change_form(reporter, live)
    assert (form["bylines-0-author"], form["bylines-0-order"], form.get("bylines-0-DELETE")) == (
        str(kept.pk),
        "0",
        None,
    )
    assert (form["bylines-1-author"], form["bylines-1-DELETE"]) == (str(dropped.pk), "on")  # ticked for deletion
    assert (form["bylines-2-author"], form["bylines-2-order"]) == (str(added.pk), "1")  # a new row

    save(reporter, live, headline="Fares rise again")  # posted back as shown: the same bylines
    waiting = Revision.objects.pending().get(article=live)
    assert [b["name"] for b in waiting.data["bylines"]] == ["Kept", "Added"]
    assert list(live.bylines.values_list("author__name", flat=True)) == ["Kept", "Dropped"]  # live untouched


def test_an_author_deleted_since_the_change_is_left_out_of_the_form(reporter, live):
    gone = AuthorFactory(name="Gone")
    save(reporter, live, **{"bylines-TOTAL_FORMS": "1", "bylines-0-author": str(gone.pk), "bylines-0-order": "0"})
    gone.delete()

    form = change_form(reporter, live)
    assert form["bylines-TOTAL_FORMS"] == "0"
    assert save(reporter, live, headline="Fares rise again").status_code == 302  # nothing to correct


def test_saving_again_replaces_the_change_sent_for_review(reporter, editor, live):
    save(reporter, live, headline="Ferry fares rise sharply")
    first = Revision.objects.pending().get(article=live)

    save(reporter, live, body="<p>Fares rise by eight percent in May.</p>")

    first.refresh_from_db()
    assert first.status == Revision.Status.SUPERSEDED
    waiting = Revision.objects.pending().get(article=live)
    assert waiting.data["headline"] == "Ferry fares rise sharply" and "eight percent" in waiting.data["body"]
    queue = editor.get(reverse("admin:editorial_revision_changelist") + "?status__exact=pending").content.decode()
    assert queue.count("Ferry fares rise") == 1
    assert Article.objects.get(pk=live.pk).headline == "Ferry fares rise"


def test_a_save_of_ones_change_refused_for_an_error_keeps_the_text_and_the_banner(reporter, live):
    save(reporter, live, headline="Ferry fares rise sharply")

    response = save(reporter, live, headline="", standfirst="Kept while the headline is missing.")

    page = response.content.decode()
    assert response.status_code == 200 and "This field is required." in page
    assert "Kept while the headline is missing." in page
    assert "You are editing your changes awaiting review" in page


def test_others_see_the_live_version(reporter, editor, live):
    save(reporter, live, headline="Ferry fares rise sharply")

    assert change_form(editor, live)["headline"] == "Ferry fares rise"
    other_reporter = signed_in(staff("lea", "Reporter"))
    assert change_form(other_reporter, live)["headline"] == "Ferry fares rise"
    assert "You are editing your changes" not in form_page(editor, live)


def test_an_editor_goes_on_editing_a_scheduled_change_and_reschedules_it(editor, live):
    save(editor, live, headline="Fares rise from Monday", **later(2))
    first = Revision.objects.scheduled().get(article=live)

    form = change_form(editor, live)
    assert form["headline"] == "Fares rise from Monday"
    assert form["changes_go_live_at_1"] == timezone.localtime(first.apply_at).strftime("%H:%M:%S")
    assert "You are editing your changes scheduled for" in form_page(editor, live)

    save(editor, live, standfirst="A second rise this year.", **later(3))

    first.refresh_from_db()
    assert first.status == Revision.Status.SUPERSEDED
    rescheduled = Revision.objects.scheduled().get(article=live)
    assert rescheduled.data["headline"] == "Fares rise from Monday"
    assert rescheduled.data["standfirst"] == "A second rise this year."
    assert rescheduled.apply_at > first.apply_at


def test_publishing_a_scheduled_change_now_leaves_nothing_to_apply_later(editor, live):
    save(editor, live, headline="Fares rise from Monday", **later(2))
    scheduled = Revision.objects.scheduled().get(article=live)

    save(editor, live, changes_go_live_at_0="", changes_go_live_at_1="")

    assert Article.objects.get(pk=live.pk).headline == "Fares rise from Monday"
    scheduled.refresh_from_db()
    assert scheduled.status == Revision.Status.SUPERSEDED
    assert not Revision.objects.open_changes().exists()


def test_a_change_the_story_moved_past_is_not_reopened_over_the_later_save(reporter, editor, live):
    save(reporter, live, headline="Fares soar")
    proposed = Revision.objects.pending().get(article=live)
    save(editor, live, body="<p>Fares rise by five percent in June.</p>")  # after the proposal

    form = change_form(reporter, live)
    assert form["headline"] == "Ferry fares rise" and "June" in form["body"]
    assert not form.get("open_change")
    assert "The story was saved after you made your changes" in form_page(reporter, live)

    save(reporter, live, standfirst="Operators blame fuel.")
    proposed.refresh_from_db()
    assert proposed.status == Revision.Status.PENDING  # left for the editor to deal with
    assert Revision.objects.pending().filter(article=live).count() == 2


def test_a_crafted_post_cannot_replace_someone_elses_change(reporter, editor, live):
    save(editor, live, headline="Fares rise from Monday", **later(2))
    theirs = Revision.objects.scheduled().get(article=live)

    save(reporter, live, headline="Fares soar", open_change=str(theirs.pk))

    theirs.refresh_from_db()
    assert theirs.status == Revision.Status.SCHEDULED
    assert Revision.objects.pending().get(article=live).data["headline"] == "Fares soar"


def test_a_change_dealt_with_meanwhile_keeps_its_verdict(reporter, editor, live):
    save(reporter, live, headline="Fares soar")
    proposed = Revision.objects.pending().get(article=live)
    form = change_form(reporter, live)
    reject = reverse("admin:articles_article_revision_action", args=[live.pk, proposed.pk, "reject"])
    editor.post(reject, {"note": "Soar overstates it."})

    form.update(headline="Fares climb")
    form.pop("_continue", None)
    reporter.post(reverse("admin:articles_article_change", args=[live.pk]), form)

    proposed.refresh_from_db()
    assert proposed.status == Revision.Status.REJECTED
    assert Revision.objects.pending().get(article=live).data["headline"] == "Fares climb"
