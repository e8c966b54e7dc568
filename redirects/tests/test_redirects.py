import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from redirects.models import Redirect
from redirects.services import redirect_record


def redirects():
    return dict(Redirect.objects.values_list("old_path", "new_path"))


def test_changing_a_published_storys_slug_redirects_the_old_address(client, make_article, save_article):
    story = make_article(slug="first-slug")
    old_url = story.get_absolute_url()
    story.slug = "second-slug"
    save_article(story)

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_changing_a_published_storys_date_records_a_redirect(make_article, save_article):
    story = make_article(slug="dated", publish_at=timezone.now() - timezone.timedelta(days=3))
    old_url = story.get_absolute_url()
    story.publish_at = timezone.now() - timezone.timedelta(days=1)
    save_article(story)

    # (Served like any other redirect once the detail view checks the date as well as the slug.)
    assert redirects() == {old_url: story.get_absolute_url()}


def test_changing_the_slug_of_a_draft_records_nothing(make_article, save_article):
    story = make_article(slug="draft-one", status=Article.Status.DRAFT)
    story.slug = "draft-two"
    save_article(story)

    assert redirects() == {}


def test_editing_without_moving_records_nothing(make_article, save_article):
    story = make_article()
    story.headline = "A better headline"
    save_article(story)

    assert redirects() == {}


def addresses_while_moving(story, slugs, save_article):
    """The story's address before and after each move to the next slug."""
    urls = [story.get_absolute_url()]
    for slug in slugs:
        story.slug = slug
        urls.append(save_article(story).get_absolute_url())
    return urls


def test_moving_twice_keeps_every_redirect_one_hop(client, make_article, save_article):
    url_a, url_b, url_c = addresses_while_moving(make_article(slug="a"), ["b", "c"], save_article)

    assert redirects() == {url_a: url_c, url_b: url_c}
    assert client.get(url_a)["Location"] == url_c


def test_moving_back_to_an_old_address_never_redirects_it_to_itself(client, make_article, save_article):
    url_a, url_b, _back = addresses_while_moving(make_article(slug="a"), ["b", "a"], save_article)

    assert redirects() == {url_b: url_a}
    assert client.get(url_a).status_code == 200


def test_redirect_record_refuses_a_path_to_itself(db):
    assert redirect_record(old_path="/same/", new_path="/same/") is None
    assert redirects() == {}


def test_query_string_redirect_is_served_on_the_home_page(client, make_article):
    story = make_article()
    Redirect.objects.create(old_path="/?p=123", new_path=story.get_absolute_url())

    response = client.get("/?p=123")

    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()
    assert client.get("/?p=124").status_code == 200
    assert client.get("/").status_code == 200


def test_query_string_redirect_on_a_missing_path(client, db):
    Redirect.objects.create(old_path="/index.php?p=7", new_path="/section/world/")
    Redirect.objects.create(old_path="/old-page/", new_path="/section/sport/")

    assert client.get("/index.php?p=7")["Location"] == "/section/world/"
    # Found by its bare path, the query goes along (a page number, a campaign tag).
    assert client.get("/old-page/?utm_source=x")["Location"] == "/section/sport/?utm_source=x"
    assert client.get("/index.php?p=8").status_code == 404


def test_redirect_does_not_shadow_a_live_page(client, make_article):
    story = make_article()
    Redirect.objects.create(old_path=story.get_absolute_url(), new_path="/elsewhere/")

    assert client.get(story.get_absolute_url()).status_code == 200


@pytest.fixture
def admin_client_logged_in(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def test_editors_add_manual_redirects_in_the_admin(admin_client_logged_in, client):
    response = admin_client_logged_in.post(
        reverse("admin:redirects_redirect_add"), {"old_path": "/old/", "new_path": "/section/world/"}
    )

    assert response.status_code == 302
    assert redirects() == {"/old/": "/section/world/"}
    client.logout()
    assert client.get("/old/")["Location"] == "/section/world/"


def test_admin_manual_redirect_joins_chains(admin_client_logged_in):
    Redirect.objects.create(old_path="/a/", new_path="/b/")
    admin_client_logged_in.post(reverse("admin:redirects_redirect_add"), {"old_path": "/b/", "new_path": "/c/"})

    assert redirects() == {"/a/": "/c/", "/b/": "/c/"}


@pytest.mark.parametrize(
    ("old_path", "new_path", "message"),
    [
        ("old", "/new/", "starting with one"),
        ("/old/", "javascript:alert(1)", "starting with"),
        ("/same/", "/same/", "back to where they started"),
    ],
)
def test_admin_refuses_bad_redirects_with_a_reason(admin_client_logged_in, old_path, new_path, message):
    response = admin_client_logged_in.post(
        reverse("admin:redirects_redirect_add"), {"old_path": old_path, "new_path": new_path}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert redirects() == {}


def test_admin_refuses_a_loop_through_an_existing_redirect(admin_client_logged_in):
    Redirect.objects.create(old_path="/b/", new_path="/a/")

    response = admin_client_logged_in.post(
        reverse("admin:redirects_redirect_add"), {"old_path": "/a/", "new_path": "/b/"}
    )

    assert "back to where they started" in response.content.decode()


def test_admin_survives_naughty_strings(admin_client_logged_in, naughty_strings):
    for text in naughty_strings:
        response = admin_client_logged_in.post(
            reverse("admin:redirects_redirect_add"), {"old_path": "/" + text[:400], "new_path": "/" + text[:400]}
        )
        assert response.status_code in (200, 302), text


def test_old_home_page_addresses_answer_before_the_page_cache(client, make_article):
    """A cached home page used to answer /?page_id=45 and friends with itself (their 301s lost)."""
    story = make_article(headline="Harbour reopens")
    Redirect.objects.create(old_path="/?page_id=45", new_path="/about/")
    Redirect.objects.create(old_path="/?attachment_id=77", new_path="/media/x.jpg")
    Redirect.objects.create(old_path="/?p=12", new_path=story.get_absolute_url())
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"  # the home page is in the cache now
    expected = {
        "/?page_id=45": "/about/",
        "/?attachment_id=77": "/media/x.jpg",
        "/?p=12": story.get_absolute_url(),
        "/?s=harbour": "/search/?q=harbour",
        "/?paged=2": "/?page=2",
        "/?feed=rss2": "/feeds/rss/",
    }
    for old, new in expected.items():
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
    assert client.get("/?utm_source=newsletter")["X-Page-Cache"] == "hit"  # campaigns still hit the cache
