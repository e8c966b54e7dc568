import gzip
import re

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import path
from django.utils import timezone

from articles.tests.factories import ArticleFactory
from core.pagecache import form_token, versions
from core.pagecache import pages as pagecache
from core.pagecache import stored as localpages

pytestmark = pytest.mark.django_db

FORM = engines["django"].from_string('<form method="post">{% csrf_token %}<button>Go</button></form>')


@pagecache.cache_public_page
def form_page(request):
    return HttpResponse(FORM.render({}, request))


def accept_post(request):
    return HttpResponse("accepted")


urlpatterns = [path("form/", form_page), path("post/", accept_post), path("csrf/", form_token)]


def token_in(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', response.content.decode()).group(1)


def test_an_anonymous_second_request_is_served_from_the_cache_without_queries(client, django_assert_num_queries):
    article = ArticleFactory()
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())

    assert response["X-Page-Cache"] == "hit"
    assert article.headline in response.content.decode()


def test_changing_an_article_makes_cached_pages_stale(client, django_capture_on_commit_callbacks):
    article = ArticleFactory(headline="Old headline")
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "New headline"
        article.save()

    response = client.get("/")

    assert response["X-Page-Cache"] == "miss"
    assert "New headline" in response.content.decode()


def test_readers_with_a_bypass_cookie_or_logged_in_get_fresh_pages(client, settings):
    settings.PAGE_CACHE_BYPASS_COOKIES = ["remember_me"]
    ArticleFactory()
    client.get("/")
    client.cookies["remember_me"] = "1"
    assert "X-Page-Cache" not in client.get("/")

    other = Client()
    other.force_login(User.objects.create_user("reader"))
    assert "X-Page-Cache" not in other.get("/")


@pytest.mark.urls("core.tests.test_pagecache")
def test_a_shared_page_carries_no_readers_token_or_cookie_and_may_be_kept_by_a_cdn(settings):
    settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_SWR_SECONDS = 300, 60
    miss = Client(enforce_csrf_checks=True).get("/form/")
    hit = Client(enforce_csrf_checks=True).get("/form/")

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for page in (miss, hit):
        assert token_in(page) == ""
        assert "csrftoken" not in page.cookies and "Cookie" not in page.get("Vary", "")
        control = page["Cache-Control"]
        assert control.startswith("public, max-age=0, s-maxage=") and "stale-while-revalidate=60" in control
        assert 295 <= int(control.split("s-maxage=")[1].split(",")[0]) <= 300
        assert "stale-if-error=86400" in control


@pytest.mark.urls("core.tests.test_pagecache")
def test_a_reader_fetches_a_token_of_their_own_and_the_form_goes_through():
    reader = Client(enforce_csrf_checks=True)
    reader.get("/form/")

    answer = reader.get("/csrf/")

    assert answer["Cache-Control"].startswith("max-age=0") and "private" in answer["Cache-Control"]
    assert "csrftoken" in reader.cookies
    assert reader.post("/post/", {"csrfmiddlewaretoken": answer.json()["token"]}).status_code == 200


def test_a_page_built_for_one_reader_is_private(client, settings):
    settings.PAGE_CACHE_BYPASS_COOKIES = ["remember_me"]
    ArticleFactory()
    client.cookies["remember_me"] = "1"

    assert client.get("/")["Cache-Control"] == "private, no-cache"


@pytest.mark.urls("core.tests.test_pagecache")
def test_an_entry_of_another_shape_is_a_miss_and_the_page_is_built_again(client):
    from django.core.cache import cache

    key, version, _stored = pagecache._lookup("/form/")
    cache.set(key, (version, 200, [("Content-Type", "text/html")], b"an older release's tuple", False))

    response = client.get("/form/")
    assert response["X-Page-Cache"] == "miss" and b"older release" not in response.content
    assert isinstance(cache.get(key), pagecache.StoredPage)


def test_pages_are_not_cached_past_the_next_scheduled_story(monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 300
    ArticleFactory(publish_at=timezone.now() + timezone.timedelta(seconds=90))
    assert 85 <= pagecache.seconds_to_keep() <= 90
    ArticleFactory(publish_at=timezone.now() + timezone.timedelta(seconds=30), slug="sooner")
    assert pagecache.seconds_to_keep() <= 30


def test_previews_and_errors_are_never_cached(client):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/no-such-page/").get("X-Page-Cache") is None


def test_without_scripts_a_form_sent_without_a_token_comes_back_whole_ready_to_send_again(story):
    reader = Client(enforce_csrf_checks=True)
    fields = {"name": "Ada <b>", "email": "ada@example.org", "body": "Line one\n<script>alert(1)</script>"}
    path = f"/comments/post/{story.pk}/"

    refused = reader.post(path, {**fields, "csrfmiddlewaretoken": ""})

    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Please send it once more" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    again = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    assert again["name"] == "Ada &lt;b&gt;" and again["csrfmiddlewaretoken"]
    resent = reader.post(path, {**fields, "csrfmiddlewaretoken": again["csrfmiddlewaretoken"]})
    assert resent.status_code == 303  # sent, with a token of the reader's own


def test_a_script_without_a_token_is_told_in_json(story):
    refused = Client(enforce_csrf_checks=True).post(
        f"/comments/post/{story.pk}/", {"body": "x"}, HTTP_ACCEPT="application/json"
    )

    assert refused.status_code == 403
    assert "Reload the page" in refused.json()["error"]


def test_the_admin_keeps_djangos_own_refusal():
    refused = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "a", "password": "b"})

    assert refused.status_code == 403
    assert "Please send it once more" not in refused.content.decode()


def test_a_hit_is_served_before_the_rest_of_the_stack_with_the_same_headers_as_the_miss(client):
    article = ArticleFactory()
    miss = client.get(article.get_absolute_url())
    hit = client.get(article.get_absolute_url())

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert hit[header] == miss[header], header
    assert hit["Cache-Control"] == miss["Cache-Control"] and hit["ETag"] == miss["ETag"]
    assert hit.content == miss.content


def test_only_cached_views_are_looked_up(client, monkeypatch):
    looked = []
    real = pagecache._lookup
    monkeypatch.setattr(pagecache, "_lookup", lambda address: looked.append(address) or real(address))

    client.get("/robots.txt")
    client.get("/csrf/")
    assert looked == []
    client.get("/")
    assert looked == ["/"]


def test_the_https_redirect_comes_before_a_stored_page(client, settings):
    ArticleFactory()
    client.get("/")  # stored
    settings.SECURE_SSL_REDIRECT = True  # read when the middleware is made: a new client makes it anew

    response = Client().get("/")

    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_stored_and_replayed_pages_say_their_true_length(client):
    article = ArticleFactory()
    for response in (client.get(article.get_absolute_url()), client.get(article.get_absolute_url())):
        assert int(response.get("Content-Length", len(response.content))) == len(response.content)


def test_a_browser_that_accepts_gzip_gets_the_page_compressed_once_when_stored(client):
    article = ArticleFactory()
    miss = client.get(article.get_absolute_url())
    plain = client.get(article.get_absolute_url())
    packed = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="br, gzip;q=0.9, deflate")

    assert miss["Vary"] == plain["Vary"] == packed["Vary"] == "Accept-Encoding"  # caches keep both apart
    assert "Content-Encoding" not in plain and plain.content == miss.content
    assert packed["Content-Encoding"] == "gzip" and packed["X-Page-Cache"] == "hit"
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 2
    assert gzip.decompress(packed.content) == plain.content
    assert packed["ETag"] == plain["ETag"]  # a weak validator: the same page either way
    again = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304 and again["Vary"] == "Accept-Encoding"
    assert again["Cache-Control"] == plain["Cache-Control"]


def test_a_process_keeps_recent_pages_and_then_reads_only_their_versions_from_the_shared_cache(client, monkeypatch):
    from django.core.cache import cache

    article = ArticleFactory()
    client.get(article.get_absolute_url())  # stored, in the shared cache and here
    asked = []
    real = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: asked.append(list(keys)) or real(keys))

    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    assert asked == [[versions.VERSION_KEY, versions.address_key(article.get_absolute_url())]]


def test_a_kept_copy_is_never_used_once_the_shared_cache_forgot_the_page(client):
    from django.core.cache import cache

    article = ArticleFactory()
    client.get(article.get_absolute_url())
    cache.clear()  # a flush, or Redis restarted

    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_kept_copies_stay_within_their_memory(client, settings):
    settings.PAGE_CACHE_LOCAL_BYTES = 200_000
    for article in ArticleFactory.create_batch(12):
        client.get(article.get_absolute_url())

    assert 0 < localpages.kept_bytes[0] <= 200_000
    assert localpages.kept_bytes[0] == sum(stored.size for stored in localpages.kept.values())


def test_page_cache_seconds_zero_turns_the_page_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = ArticleFactory()
    for _ in range(2):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "X-Page-Cache" not in response  # neither looked up nor stored
        assert response["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://attacker.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://attacker.example"},
        {"HTTP_REFERER": "https://attacker.example/page.html"},
        {"HTTP_ORIGIN": "null"},
    ],
)
def test_a_post_from_another_site_is_refused_and_never_offered_again(story, headers):
    """An attacker's page auto-posting to the comment form used to get the refusal page with the
    attacker's fields and a fresh token: one click by a signed-in editor posted them."""
    editor = User.objects.create_superuser("editor", "e@example.org", "pw")
    victim = Client(enforce_csrf_checks=True)
    victim.force_login(editor)
    path = f"/comments/post/{story.pk}/"
    refused = victim.post(path, {"body": "Buy cheap pills", "name": "Editor", "email": "e@example.org"}, **headers)
    page = refused.content.decode()
    assert refused.status_code == 403 and "another site" in page
    assert "Buy cheap pills" not in page and 'name="body"' not in page  # nothing offered for a click


def test_a_post_from_our_own_page_is_offered_again(story, settings):
    reader = Client(enforce_csrf_checks=True)
    refused = reader.post(
        f"/comments/post/{story.pk}/",
        {"body": "Kind words", "name": "Ann", "email": "a@example.org"},
        HTTP_ORIGIN=settings.SITE_URL,
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert refused.status_code == 403 and "Kind words" in refused.content.decode()


def test_no_public_page_writes_a_moment_with_microseconds(client):
    """`<time datetime>` values with microseconds are invalid HTML (the W3C validator refused them
    on standing pages): every moment goes through core/times.py."""
    from django.utils import timezone  # noqa: PLC0415

    from comments.tests.factories import post  # noqa: PLC0415
    from pages.models import Page  # noqa: PLC0415

    story = ArticleFactory(publish_at=timezone.now().replace(microsecond=123456) - timezone.timedelta(hours=1))
    post(story, body="A comment with a moment.")
    Page.objects.create(title="About", slug="about", status=Page.Status.PUBLISHED)
    for address in (story.get_absolute_url(), "/", "/about/", story.section.get_absolute_url()):
        html = client.get(address).content.decode()
        moments = re.findall(r'<time datetime="([^"]+)"', html)
        assert moments, address
        assert not [m for m in moments if "." in m], (address, moments)
