"""What makes a cached page stale, and what cannot grow the cache."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

from articles.tests.factories import ArticleFactory
from comments.models import Comment
from comments.services import comment_set_status
from comments.tests.factories import post
from core.pagecache import cache_address
from engagement.services import rating_set, reaction_toggle

pytestmark = pytest.mark.django_db(transaction=True)  # invalidation runs after commit


def state(url):
    return Client().get(url)["X-Page-Cache"]


@pytest.fixture
def stories():
    cache.clear()
    first, second = ArticleFactory(), ArticleFactory()
    for url in ("/", first.get_absolute_url(), second.get_absolute_url()):
        assert state(url) == "miss"
    return first, second


def test_votes_leave_every_cached_page_cached(stories):
    first, _second = stories
    reaction_toggle(article=first, reader="reader-1", kind="happy")
    rating_set(article=first, reader="reader-1", stars=4)
    assert state(first.get_absolute_url()) == "hit" and state("/") == "hit"


def test_held_and_spam_comments_leave_pages_cached(stories):
    first, _second = stories
    held = post(first, status=Comment.Status.PENDING)
    post(first, status=Comment.Status.SPAM)
    comment_set_status(comment=held, status=Comment.Status.SPAM)
    assert state(first.get_absolute_url()) == "hit"


def test_an_approved_comment_makes_its_story_page_fresh_and_no_other(stories):
    first, second = stories
    assert state(first.get_absolute_url() + "?cpage=1&comments=newest") == "miss"
    post(first, body="Approved at once")
    assert state(first.get_absolute_url()) == "miss"
    assert state(first.get_absolute_url() + "?cpage=1&comments=newest") == "miss"  # every variant
    assert state(second.get_absolute_url()) == "hit" and state("/") == "hit"
    assert "Approved at once" in Client().get(first.get_absolute_url()).content.decode()


def test_moderating_a_shown_comment_makes_its_page_fresh(stories):
    first, _second = stories
    comment = post(first, status=Comment.Status.PENDING)
    assert state(first.get_absolute_url()) == "hit"
    comment_set_status(comment=comment, status=Comment.Status.APPROVED)
    assert state(first.get_absolute_url()) == "miss"
    comment_set_status(comment=comment, status=Comment.Status.REMOVED)
    assert state(first.get_absolute_url()) == "miss"


def test_a_saved_story_makes_every_page_fresh(stories):
    first, second = stories
    first.headline = "A new headline"
    first.save()
    assert state("/") == "miss" and state(second.get_absolute_url()) == "miss"


def test_parameters_no_page_reads_share_the_pages_entry(stories):
    first, _second = stories
    keys_before = len(cache._cache)
    for number in range(200):
        assert state(f"{first.get_absolute_url()}?utm_source=mail{number}&fbclid={number}") == "hit"
    assert len(cache._cache) == keys_before


@pytest.mark.parametrize(
    "query, address",
    [
        ("", "/x/"),
        ("?page=2", "/x/?page=2"),
        ("?page=002", "/x/?page=2"),
        ("?page=abc", "/x/"),
        ("?page=-3", "/x/"),
        ("?comments=newest&cpage=3&utm=1", "/x/?comments=newest&cpage=3"),
        ("?comments=sideways", "/x/"),
        ("?p=2", "/x/?p=2"),
        ("?page=501", None),
        ("?replyto=5", None),
    ],
)
def test_the_cache_keeps_only_what_pages_read(query, address):
    assert cache_address(RequestFactory().get("/x/" + query)) == address


def test_pages_past_the_limit_and_reply_forms_are_never_stored(stories):
    first, _second = stories
    for url in (f"{first.get_absolute_url()}?replyto=1", f"{first.get_absolute_url()}?cpage=9999"):
        assert "X-Page-Cache" not in Client().get(url)


def test_a_reader_revalidating_a_cached_page_gets_304(stories):
    first, _second = stories
    reader = Client()
    page = reader.get(first.get_absolute_url())
    assert page["ETag"].startswith('W/"') and page["Last-Modified"]

    again = reader.get(first.get_absolute_url(), HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 304 and again.content == b""

    post(first, body="A new comment")  # the page changed: a full answer with a new tag
    fresh = reader.get(first.get_absolute_url(), HTTP_IF_NONE_MATCH=page["ETag"])
    assert fresh.status_code == 200 and fresh["ETag"] != page["ETag"]


def test_an_approved_comment_makes_a_story_with_a_unicode_address_fresh():
    cache.clear()
    story = ArticleFactory(slug="привет")
    url = story.get_absolute_url()  # percent-encoded; readers' requests arrive decoded
    assert "%D0%BF" in url and state(url) == "miss" and state(url) == "hit"
    post(story, body="Approved under a Cyrillic address")
    assert state(url) == "miss"
    assert "Approved under a Cyrillic address" in Client().get(url).content.decode()


@pytest.mark.parametrize("junk", ["?cpage=-1", "?cpage=0", "?cpage=%00", "?cpage=x&comments=sideways"])
def test_a_page_number_read_as_the_first_page_shows_the_first_page(junk, settings):
    settings.COMMENTS_PER_PAGE = 2
    cache.clear()
    story = ArticleFactory()
    for number in range(5):
        post(story, body=f"Thread number {number}")
    first = Client().get(story.get_absolute_url() + junk)  # stored as the story's own page
    assert "Thread number 0" in first.content.decode() and "Thread number 4" not in first.content.decode()
    again = Client().get(story.get_absolute_url())
    assert again["X-Page-Cache"] == "hit" and again.content == first.content


JUNK = ["page=-1", "page=0", "page=x", "page=2", "cpage=-1", "cpage=0", "cpage=x", "cpage=2", "comments=x",
        "comments=newest", "p=-1", "page=1&cpage=1&comments=oldest"]  # fmt: skip


def test_every_page_built_from_any_parameters_is_the_page_of_the_address_it_is_stored_under(settings):
    """No query string can make a page that is stored as another address's page."""
    from articles.tests.factories import AuthorFactory, TagFactory

    settings.COMMENTS_PER_PAGE = 2
    cache.clear()
    author, tag = AuthorFactory(), TagFactory()
    story = ArticleFactory(authors=[author], tags=[tag])
    for number in range(5):
        post(story, body=f"Thread number {number}")
    year = story.get_absolute_url().split("/")[1]
    pages = ["/", story.section.get_absolute_url(), tag.get_absolute_url(), author.get_absolute_url(), f"/{year}/"]
    for url in [*pages, story.get_absolute_url()]:
        for junk in JUNK:
            cache.clear()
            built = Client().get(f"{url}?{junk}")
            address = cache_address(RequestFactory().get(f"{url}?{junk}"))
            if built.status_code != 200 or address is None:
                continue
            cache.clear()
            assert Client().get(address).content == built.content, (url, junk, address)
