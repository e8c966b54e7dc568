"""Blocks of pages kept rendered (core/pagecache/fragments.py): pasted into pages the page cache does not
answer, made stale by the same changes as the pages, never carrying one reader's state."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import ArticleFactory
from comments.models import Comment
from comments.services import comment_set_status
from comments.tests.factories import post
from engagement.services import reaction_toggle

pytestmark = pytest.mark.django_db(transaction=True)  # invalidation runs after commit

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def reader():
    """A reader the page cache does not answer (a flash-message cookie makes pages their own)."""
    client = Client()
    client.cookies["messages"] = "x"
    return client


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    return len(context), response.content.decode()


@pytest.fixture
def stories():
    cache.clear()
    first, second = ArticleFactory(headline="First story"), ArticleFactory(headline="Second story")
    client = reader()
    for url in ("/", first.get_absolute_url(), second.get_absolute_url(), first.section.get_absolute_url()):
        queries(client, url)  # builds and keeps every block
    return first, second


@pytest.mark.parametrize("page, expected", [("home", 1), ("story", 1), ("section", 2)])
def test_a_page_built_again_reads_only_its_own_row_and_pastes_in_the_rest(stories, page, expected):
    first, _second = stories
    url = {"home": "/", "story": first.get_absolute_url(), "section": first.section.get_absolute_url()}[page]
    # The story (or the count of the list, and the section), nothing else: not the bylines,
    # tags, read-next, reactions, comments or the navigation.
    count, html = queries(reader(), url)
    assert count == expected
    assert "First story" in html


def test_with_the_render_cache_off_every_block_is_built(stories, settings):
    settings.FRAGMENT_CACHE = False
    count, _html = queries(reader(), stories[0].get_absolute_url())
    assert count >= 8


def test_a_saved_story_shows_at_once_on_pages_built_for_one_reader(stories):
    first, second = stories
    first.headline = "A corrected headline"
    first.save()
    client = reader()
    assert "A corrected headline" in queries(client, first.get_absolute_url())[1]
    assert "A corrected headline" in queries(client, "/")[1]


def test_an_approved_comment_rebuilds_its_story_and_nothing_else(stories):
    first, second = stories
    post(first, body="Approved straight away")
    count, html = queries(reader(), first.get_absolute_url())
    assert "Approved straight away" in html and "1 comment" in html
    assert count > 1  # its thread and header were built again
    assert queries(reader(), second.get_absolute_url())[0] == 1
    assert queries(reader(), "/")[0] == 1


def test_votes_and_held_comments_rebuild_nothing(stories):
    first, _second = stories
    reaction_toggle(article=first, reader="reader-1", kind="happy")
    held = post(first, status=Comment.Status.PENDING)
    comment_set_status(comment=held, status=Comment.Status.SPAM)
    assert queries(reader(), first.get_absolute_url())[0] == 1


def test_a_readers_own_vote_and_saved_details_are_never_pasted_from_another_readers_page(stories):
    first, _second = stories
    voter = reader()
    assert voter.post(f"/engagement/{first.pk}/react/", {"kind": "happy"}).status_code == 303
    html = voter.get(first.get_absolute_url()).content.decode()
    assert 'aria-pressed="true" data-kind="happy"' in html
    assert 'aria-pressed="true"' not in reader().get(first.get_absolute_url()).content.decode()

    commenter = reader()
    response = commenter.post(
        reverse("comments:post", args=[first.pk]),
        {"name": "Ada Reader", "email": "ada@example.org", "body": "Kept details", "save_details": "on"},
    )
    assert response.status_code in (302, 303)
    assert 'value="Ada Reader"' in commenter.get(first.get_absolute_url()).content.decode()
    assert "Ada Reader" not in reader().get(first.get_absolute_url() + "?cpage=1").content.decode()


def test_forms_pasted_in_carry_this_readers_token_and_stored_pages_none(stories):
    first, _second = stories
    client = Client(enforce_csrf_checks=True)
    client.cookies["messages"] = "x"
    html = client.get(first.get_absolute_url()).content.decode()
    tokens = TOKEN.findall(html)
    assert len(tokens) >= 3 and all(tokens)  # the thread's form and both sign-up forms
    response = client.post(
        reverse("newsletter:subscribe"), {"email": "a@example.org", "consent": "on", "csrfmiddlewaretoken": tokens[-1]}
    )
    assert response.status_code != 403

    stored = Client().get(first.get_absolute_url())
    assert stored["X-Page-Cache"] in ("miss", "hit")
    assert TOKEN.findall(stored.content.decode()) and not any(TOKEN.findall(stored.content.decode()))


def test_junk_parameters_keep_no_new_blocks(stories):
    first, _second = stories
    client = reader()
    keys = lambda: {key for key in cache._cache if ":fragment:" in key}  # noqa: E731
    queries(client, "/?page=1")
    before = keys()
    for number in range(30):
        queries(client, f"/?utm_source={number}&page=1&cpage=00{number % 2 + 1}x")
        queries(client, f"{first.get_absolute_url()}?fbclid={number}")
    assert keys() == before


def test_staff_previews_are_always_built_afresh(stories):
    first, _second = stories
    # A change that bypasses the models' signals (no version moves): the public pages keep
    # their kept blocks, a staff preview shows the row as it is.
    Article.objects.filter(pk=first.pk).update(headline="Quietly changed")
    headline = '<h1 class="story__headline">Quietly changed</h1>'
    assert headline not in queries(reader(), first.get_absolute_url())[1]
    staff = User.objects.create_user("previewer", password="pw", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_article"))
    client = Client()
    client.force_login(staff)
    assert headline in client.get(reverse("articles:preview", args=[first.pk])).content.decode()


def fragment_keys():
    return {key for key in cache._cache if ":fragment:" in key}


def test_the_last_page_is_never_kept_as_the_first(stories):
    for number in range(25):
        ArticleFactory(headline=f"Story number {number}")  # two pages of 20
    assert reader().get("/?page=last").status_code == 200
    assert "Latest, page 2" not in reader().get("/").content.decode()
    assert "Latest, page 2" not in Client().get("/").content.decode()


def test_a_change_committed_while_a_page_is_built_is_not_kept_under_the_new_versions(monkeypatch):
    from articles.views import ArticleDetailView
    from core.pagecache import invalidate_public_pages

    cache.clear()
    article = ArticleFactory(headline="Old headline")
    original, armed = ArticleDetailView.get_object, [True]

    def get_object(self, queryset=None):
        story = original(self, queryset)
        if armed.pop() if armed else False:  # an editor's save commits just after this read
            Article.objects.filter(pk=story.pk).update(headline="New headline")
            invalidate_public_pages()
        return story

    monkeypatch.setattr(ArticleDetailView, "get_object", get_object)
    assert "Old headline" in reader().get(article.get_absolute_url()).content.decode()  # read before the save
    old = '<h1 class="story__headline">Old headline</h1>'
    assert old not in reader().get(article.get_absolute_url()).content.decode()
    assert old not in Client().get(article.get_absolute_url()).content.decode()


def test_not_found_pages_keep_no_blocks():
    cache.clear()
    ArticleFactory()
    reader().get("/")
    before = fragment_keys()
    for number in range(20):
        assert reader().get(f"/section/nope-{number}/").status_code == 404
        assert Client().get(f"/tag/nope-{number}/").status_code == 404
        assert reader().get(f"/?page={number + 50}").status_code == 404
    assert fragment_keys() == before


def test_a_story_has_one_address_and_so_one_set_of_blocks(stories):
    first, _second = stories
    url = first.get_absolute_url()
    year, month, day = url.strip("/").split("/")[:3]
    for other in (f"/0{year}/{month}/{day}/{first.slug}/", f"/{year}/{int(month)}/{int(day)}/{first.slug}/"):
        response = reader().get(other + "?cpage=1")
        if other.rstrip("/") != url.rstrip("/"):
            assert response.status_code == 301 and response["Location"] == url + "?cpage=1"
    response = Client().get(f"/0{year}/{month}/")
    assert response.status_code == 301 and response["Location"] == f"/{year}/{month}/"


def test_the_thread_shows_the_comments_closing_on_time(settings, monkeypatch):
    import datetime

    from django.utils import timezone

    import comments.submission

    settings.COMMENTS_CLOSE_AFTER_DAYS = 2
    cache.clear()
    article = ArticleFactory(publish_at=timezone.now() - datetime.timedelta(days=2, seconds=-60))
    assert "comments__closed" not in reader().get(article.get_absolute_url()).content.decode()
    later = timezone.now() + datetime.timedelta(seconds=120)
    monkeypatch.setattr(comments.submission.timezone, "now", lambda: later)
    assert "comments__closed" in reader().get(article.get_absolute_url()).content.decode()


def test_saving_one_story_keeps_every_other_storys_own_blocks(stories, monkeypatch):
    import articles.views

    first, second = stories
    prepared = []
    real = articles.views.prefetch_story_page
    monkeypatch.setattr(articles.views, "prefetch_story_page", lambda *a: prepared.append(1) or real(*a))
    first.headline = "First story, corrected"
    first.save()
    count, html = queries(reader(), second.get_absolute_url())
    assert prepared == [] and "Second story" in html  # its text, thread and reactions were kept
    assert 1 < count <= 6  # the story, and what shows other stories (read-next) built again
    assert "First story, corrected" in queries(reader(), first.get_absolute_url())[1]
    assert prepared  # its own blocks were built again


def test_a_storys_own_parts_show_at_once_on_its_page(stories):
    from articles.models import Author, Byline, KeyPoint, Tag
    from editorial.services import correction_add

    first, second = stories
    KeyPoint.objects.create(article=first, text="A point made later")
    Byline.objects.create(article=first, author=Author.objects.create(name="Nadia Writer", slug="nadia"), order=0)
    first.tags.add(Tag.objects.create(name="Floods", slug="floods"))
    editor = User.objects.create_superuser("ines", "ines@example.org", "pw")
    correction_add(first, by=editor, kind="correction", text="The bridge is in Leeds.")
    html = queries(reader(), first.get_absolute_url())[1]
    for shown in ("A point made later", "Nadia Writer", "Floods", "The bridge is in Leeds."):
        assert shown in html, shown
    assert queries(reader(), second.get_absolute_url())[1].count("Nadia Writer") == 0


def test_what_many_stories_share_shows_on_every_storys_kept_blocks(stories):
    from articles.models import Author, Byline

    first, second = stories
    author = Author.objects.create(name="Old Name", slug="old-name")
    for story in (first, second):
        Byline.objects.create(article=story, author=author, order=0)
        assert "Old Name" in queries(reader(), story.get_absolute_url())[1]
    author.name = "New Name"
    author.save()
    first.section.name = "Renamed section"
    first.section.save()
    for story in (first, second):
        html = queries(reader(), story.get_absolute_url())[1]
        assert "New Name" in html and "Old Name" not in html
    assert "Renamed section" in queries(reader(), first.get_absolute_url())[1]
    assert "Renamed section" in queries(reader(), second.get_absolute_url())[1]  # in the navigation


def test_a_version_the_cache_dropped_never_starts_again_from_one_used_before():
    from core.pagecache.versions import address_key

    cache.clear()
    story = ArticleFactory(headline="Headline one")
    url, h1 = story.get_absolute_url(), '<h1 class="story__headline">{}</h1>'
    assert h1.format("Headline one") in reader().get(url).content.decode()
    story.headline = "Headline two"
    story.save()
    assert h1.format("Headline two") in reader().get(url).content.decode()
    cache.delete(address_key(url))  # evicted by Redis, culled by the local-memory cache
    story.headline = "Headline three"
    story.save()
    assert h1.format("Headline three") in reader().get(url).content.decode()


def test_renditions_made_by_a_worker_after_the_save_reach_kept_blocks(settings):
    from articles.models import Image
    from articles.tasks import make_image_renditions
    from articles.tests.factories import ImageFactory

    cache.clear()
    image = ImageFactory()
    Image.objects.filter(pk=image.pk).update(rendition_widths=[])  # the queued task has not run yet
    story = ArticleFactory(lead_image=image)
    lead = lambda: reader().get(story.get_absolute_url()).content.decode().split('class="story__lead"')[1]  # noqa: E731
    assert "srcset" not in lead().split("</figure>")[0]
    make_image_renditions.call(image.pk)
    assert "srcset" in lead().split("</figure>")[0]
