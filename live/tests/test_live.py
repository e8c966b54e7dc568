"""Live stories: the desk, the review rule, corrections and deletions (audited), what readers see,
the "anything newer?" answers and their cache, addresses of updates, search engines and feeds."""

import datetime
import json

import feedparser
import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.people import author_profile_for
from articles.tests.factories import ArticleFactory
from audit.models import AuditEvent
from editorial.models import Correction
from live.models import LiveCoverage, LiveUpdate
from live.rendering import UPDATES_PER_PAGE
from live.services import update_post

pytestmark = pytest.mark.django_db


def member(name, group):
    user = User.objects.create_user(name, password="pw", is_staff=True, first_name=name.title())
    user.groups.add(Group.objects.get(name=group))
    author_profile_for(user)  # their byline, made once (a new author makes every page stale)
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def live_story():
    article = ArticleFactory(headline="Storm live", publish_at=timezone.now() - datetime.timedelta(hours=3))
    return LiveCoverage.objects.create(article=article, summary="<p>The storm so far.</p>")


@pytest.fixture
def editor():
    return member("edna", "Editor")


@pytest.fixture
def reporter():
    return member("rory", "Reporter")


def desk(coverage):
    return reverse("admin:live_livecoverage_desk", args=[coverage.pk])


def newer(client, coverage, after):
    response = client.get(f"/live/{coverage.article_id}/newer/", {"after": after})
    return response, json.loads(response.content)


def test_an_editor_posts_from_the_desk_and_only_that_storys_page_goes_stale(
    live_story, editor, client, django_capture_on_commit_callbacks
):
    other = ArticleFactory()
    page, other_page = live_story.article.get_absolute_url(), other.get_absolute_url()
    client.get(page), client.get(other_page)
    assert client.get(page)["X-Page-Cache"] == "hit"
    _user, editor_client = editor
    with django_capture_on_commit_callbacks(execute=True):  # the page goes stale once the post is committed
        response = editor_client.post(
            desk(live_story), {"headline": "Gates shut", "body": "<p>The gates are shut.</p>"}
        )
    assert response.status_code == 302
    update = LiveUpdate.objects.get()
    assert update.status == LiveUpdate.Status.PUBLISHED and update.authors.get().name == "Edna"
    assert AuditEvent.objects.filter(action="live_update_posted", object_id=str(live_story.article_id)).exists()
    fresh = client.get(page)
    assert fresh["X-Page-Cache"] == "miss" and "The gates are shut." in fresh.content.decode()
    assert client.get(other_page)["X-Page-Cache"] == "hit"  # nothing else went stale


def test_a_reporters_update_waits_for_an_editor_unless_the_story_allows_it(
    live_story, reporter, editor, client, django_capture_on_commit_callbacks
):
    _user, reporter_client = reporter
    reporter_client.post(desk(live_story), {"body": "<p>Water over the wall.</p>", "is_key": "on"})
    waiting = LiveUpdate.objects.get()
    assert waiting.status == LiveUpdate.Status.PENDING and not waiting.is_key  # key events are an editor's call
    assert "Water over the wall." not in client.get(live_story.article.get_absolute_url()).content.decode()

    _editor, editor_client = editor
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:live_liveupdate_changelist"), {"action": "publish_now", "_selected_action": [waiting.pk]}
        )
    assert "Water over the wall." in client.get(live_story.article.get_absolute_url()).content.decode()

    live_story.reporters_post_directly = True
    live_story.save()
    reporter_client.post(desk(live_story), {"body": "<p>Second report.</p>"})
    assert LiveUpdate.objects.get(body__contains="Second").status == LiveUpdate.Status.PUBLISHED


def test_a_reporter_cannot_change_what_readers_see_by_any_request(live_story, reporter, editor):
    editor_user, _client = editor
    published = update_post(coverage=live_story, by=editor_user, body="<p>Out.</p>")
    _user, reporter_client = reporter
    change = reverse("admin:live_liveupdate_change", args=[published.pk])
    crafted = {"headline": "", "body": "<p>Changed.</p>", "publish_at_0": "2026-01-01", "publish_at_1": "10:00:00"}
    assert reporter_client.post(change, {**crafted, "correction": "Wrong"}).status_code == 403
    assert (
        reporter_client.post(reverse("admin:live_liveupdate_delete", args=[published.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert reporter_client.post(reverse("admin:live_liveupdate_changelist"), {"action": "publish_now", "_selected_action": [published.pk]}).status_code in (200, 302, 403)  # fmt: skip
    reporter_client.post(desk(live_story), {"end": "1"})
    published.refresh_from_db()
    live_story.refresh_from_db()
    assert published.body == "<p>Out.</p>" and published.correction == "" and live_story.ended_at is None


def test_a_correction_shows_on_the_update_in_the_ledger_and_the_audit_trail(
    live_story, editor, client, django_capture_on_commit_callbacks
):
    editor_user, editor_client = editor
    update = update_post(coverage=live_story, by=editor_user, body="<p>The gauge read 6.8 m.</p>")
    change = reverse("admin:live_liveupdate_change", args=[update.pk])
    form = {
        "headline": "",
        "body": "<p>The gauge read 6.3 m.</p>",
        "is_key": "",
        "publish_at_0": timezone.localtime(update.publish_at).strftime("%Y-%m-%d"),
        "publish_at_1": timezone.localtime(update.publish_at).strftime("%H:%M:%S"),
        "correction": "An earlier version gave 6.8 m.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(change, form).status_code == 302
    page = client.get(live_story.article.get_absolute_url()).content.decode()
    assert "An earlier version gave 6.8 m." in page and "6.3 m" in page
    assert Correction.objects.get(article=live_story.article).text == "An earlier version gave 6.8 m."
    assert "An earlier version gave 6.8 m." in client.get("/corrections/").content.decode()
    assert AuditEvent.objects.filter(action="correction", object_id=str(live_story.article_id)).exists()


def test_deleting_an_update_is_audited(live_story, editor, client):
    editor_user, editor_client = editor
    update = update_post(coverage=live_story, by=editor_user, body="<p>Posted in error.</p>")
    editor_client.post(reverse("admin:live_liveupdate_delete", args=[update.pk]), {"post": "yes"})
    assert not LiveUpdate.objects.exists()
    assert AuditEvent.objects.filter(action="live_update_deleted", note__contains="Posted in error").exists()
    assert "Posted in error" not in client.get(live_story.article.get_absolute_url()).content.decode()


def test_readers_ask_whats_newer_and_the_answer_is_kept_until_the_story_changes(
    live_story, editor, client, django_capture_on_commit_callbacks
):
    editor_user, _client = editor
    first = update_post(coverage=live_story, by=editor_user, body="<p>First.</p>")
    response, answer = newer(client, live_story, first.pk)
    assert answer["count"] == 0 and response["X-Live-Cache"] == "miss"
    assert response["Cache-Control"] == "public, max-age=1, s-maxage=1"
    response, answer = newer(client, live_story, first.pk)
    assert response["X-Live-Cache"] == "hit"  # a crowd asking costs one read
    with django_capture_on_commit_callbacks(execute=True):
        second = update_post(coverage=live_story, by=editor_user, body="<p>Second.</p>", is_key=True)
    response, answer = newer(client, live_story, first.pk)
    assert response["X-Live-Cache"] == "miss" and answer["count"] == 1 and answer["newest"] == second.pk
    assert f'id="update-{second.pk}"' in answer["html"] and "Second." in answer["html"]
    for hostile in ("abc", "-5", "9" * 40, ""):
        assert client.get(f"/live/{live_story.article_id}/newer/", {"after": hostile}).status_code == 200
    assert client.get(f"/live/{ArticleFactory().pk}/newer/").status_code == 404  # not a live story


def test_a_scheduled_update_goes_out_at_its_time(live_story, editor, client):
    editor_user, _client = editor
    later = update_post(
        coverage=live_story,
        by=editor_user,
        body="<p>Later.</p>",
        publish_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert "Later." not in client.get(live_story.article.get_absolute_url()).content.decode()
    LiveUpdate.objects.filter(pk=later.pk).update(publish_at=timezone.now() - datetime.timedelta(seconds=1))
    assert LiveUpdate.objects.shown().filter(pk=later.pk).exists()


def test_an_updates_address_finds_it_on_an_older_page(live_story, editor, client):
    editor_user, _client = editor
    start = timezone.now() - datetime.timedelta(hours=2)
    updates = [
        update_post(coverage=live_story, by=editor_user, body=f"<p>Update {n}.</p>", publish_at=start + datetime.timedelta(minutes=n))
        for n in range(UPDATES_PER_PAGE + 3)
    ]  # fmt: skip
    story = live_story.article.get_absolute_url()
    assert client.get(f"/live/update/{updates[-1].pk}/")["Location"] == f"{story}#update-{updates[-1].pk}"
    oldest = client.get(f"/live/update/{updates[0].pk}/")["Location"]
    assert oldest == f"{story}?page=2#update-{updates[0].pk}"
    assert f'id="update-{updates[0].pk}"' in client.get(f"{story}?page=2").content.decode()


def test_search_engines_and_feeds(live_story, editor, client, django_capture_on_commit_callbacks):
    editor_user, _client = editor
    update_post(coverage=live_story, by=editor_user, headline="Gates shut", body="<p>The gates are shut.</p>")
    Article.objects.filter(pk=live_story.article_id).update(publish_at=timezone.now() - datetime.timedelta(days=5))
    live_story.article.refresh_from_db()
    page = client.get(live_story.article.get_absolute_url()).content.decode()
    assert '"@type":"LiveBlogPosting"' in page.replace(" ", "") and "coverageStartTime" in page
    assert "liveBlogUpdate" in page and "Gates shut" in page
    news = client.get(reverse("discovery:sitemap-news")).content.decode()
    assert live_story.article.slug in news  # five days old, and in the news sitemap while live
    feed = feedparser.parse(client.get(f"/live/{live_story.article_id}/feed/").content)
    assert feed.entries[0].title == "Gates shut"
    with django_capture_on_commit_callbacks(execute=True):
        live_story.ended_at = timezone.now() - datetime.timedelta(minutes=1)
        live_story.save()
    assert live_story.article.slug not in client.get(reverse("discovery:sitemap-news")).content.decode()
    ended = client.get(live_story.article.get_absolute_url()).content.decode()
    assert "This live coverage has ended" in ended and "coverageEndTime" in ended
    assert "data-live-ended" in ended and "live__new" not in ended  # nothing asks for newer updates


def test_comments_and_reactions_work_on_a_live_story(live_story, client):
    page = client.get(live_story.article.get_absolute_url()).content.decode()
    assert 'id="respond"' in page or "comment-respond" in page
    assert "engagement" in page


def test_the_demo_has_a_live_story():
    call_command("seed_articles", stdout=open("/dev/null", "w"), without_renditions=True)  # noqa: SIM115
    call_command("seed_live", stdout=open("/dev/null", "w"))  # noqa: SIM115
    coverage = LiveCoverage.objects.get(article__slug="storm-idris-live")
    assert coverage.updates.count() == 12
    assert coverage.updates.filter(is_key=True).count() == 2
    assert coverage.updates.exclude(correction="").count() == 1


def test_the_digest_lists_a_live_story_once_with_its_summary(live_story, editor):
    from newsletter.digest import context_for  # noqa: PLC0415

    editor_user, _client = editor
    for number in range(3):
        update_post(coverage=live_story, by=editor_user, body=f"<p>Update {number}.</p>")
    start = live_story.article.publish_at - datetime.timedelta(days=1)
    listed = [
        article
        for _section, items in context_for(start, start + datetime.timedelta(days=7))["sections"]
        for article in items
    ]
    assert [article.pk for article in listed].count(live_story.article_id) == 1
    assert next(a for a in listed if a.pk == live_story.article_id).digest_summary == "The storm so far."


def test_the_story_page_reads_its_live_coverage_with_the_story(live_story, make_article, django_assert_num_queries):
    """`article_page_joins`: no query of its own for a live story's settings, or for their absence."""
    from articles.views import published_story_at  # noqa: PLC0415
    from live.models import coverage_of  # noqa: PLC0415

    for article, coverage in ((live_story.article, live_story), (make_article(headline="Not live"), None)):
        local = timezone.localtime(article.publish_at)
        found = published_story_at(year=local.year, month=local.month, day=local.day, slug=article.slug)
        with django_assert_num_queries(0):
            assert coverage_of(found) == coverage
