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
