"""Addresses a person can type never produce a 500, whatever the numbers in them."""

import pytest

pytestmark = pytest.mark.django_db

HUGE = "9" * 25


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", f"/comments/{HUGE}/"),
        ("get", f"/preview/{HUGE}/"),
        ("get", f"/2026/11/{HUGE}/some-story/"),
        ("get", f"/{HUGE}/1/1/some-story/"),
        ("post", f"/comments/post/{HUGE}/"),
        ("post", f"/engagement/{HUGE}/react/"),
        ("post", f"/engagement/{HUGE}/rate/"),
        ("get", f"/?page={HUGE}"),
    ],
)
def test_huge_numbers_in_addresses_are_not_found(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code in (400, 404), response.status_code


def test_a_huge_search_page_number_shows_the_last_page(client):
    assert client.get(f"/search/?q=harbour&page={HUGE}").status_code == 200


@pytest.mark.parametrize(
    "path, status",
    [
        ("/x%00/", 404),
        ("/tag/a%00b/", 404),
        ("/section/a%00/", 404),
        ("/%00", 404),
        ("/old/" + "a" * 600 + "/", 404),
        # The home page, with a query that no redirect can hold: still the home page.
        ("/?p=%00", 200),
        ("/?p=" + "9" * 600, 200),
    ],
)
def test_nul_bytes_and_overlong_paths_never_fail(client, path, status, settings, mailoutbox):
    settings.ADMINS = settings.MANAGERS = [("Ops", "ops@example.org")]
    assert client.get(path).status_code == status
    assert mailoutbox == []


def test_an_overlong_media_name_is_not_found(client):
    assert client.get("/media/" + "a" * 300 + ".jpg").status_code == 404
