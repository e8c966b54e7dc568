"""Addresses put together by substitution (core.addresses.AddressPattern) read exactly as reverse() writes them."""

import json
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from core.addresses import AddressPattern

STORY = AddressPattern("articles:detail", year=int, month=int, day=int, slug=str)
SECTION = AddressPattern("articles:section", slug=str)
NAUGHTY = json.loads((Path(__file__).resolve().parents[2] / "testdata" / "blns.json").read_text())


@pytest.fixture
def script_prefix():
    yield set_script_prefix
    set_script_prefix("/")


SLUGS = ["election-night", "привет-мир", "新闻", "ünïcode_and-dashes", "a" * 200, "0", "_"]


@pytest.mark.parametrize("slug", SLUGS)
def test_same_text_as_reverse(slug):
    values = {"year": 2026, "month": 3, "day": 9, "slug": slug}
    assert STORY(**values) == reverse("articles:detail", kwargs=values)
    assert SECTION(slug=slug) == reverse("articles:section", kwargs={"slug": slug})


def test_every_naughty_string_reads_as_reverse_has_it():
    """A slug reverse() takes comes out the same; one it refuses is refused the same way."""
    for text in NAUGHTY:
        try:
            expected = reverse("articles:section", kwargs={"slug": text})
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                SECTION(slug=text)
        else:
            assert SECTION(slug=text) == expected


def test_follows_the_script_prefix(script_prefix):
    values = {"year": 2026, "month": 12, "day": 31, "slug": "new-year"}
    assert STORY(**values) == "/2026/12/31/new-year/"
    script_prefix("/news/")
    assert STORY(**values) == "/news/2026/12/31/new-year/" == reverse("articles:detail", kwargs=values)


def test_a_script_prefix_to_quote_is_quoted_as_reverse_quotes_it(script_prefix):
    script_prefix("/my news/ünï/")
    values = {"year": 2026, "month": 1, "day": 2, "slug": "привет"}
    assert STORY(**values) == reverse("articles:detail", kwargs=values)
    assert STORY(**values).startswith("/my%20news/%C3%BCn%C3%AF/2026/1/2/")


def test_follows_the_url_configuration_in_use(settings):
    values = {"year": 2026, "month": 1, "day": 2, "slug": "story"}
    assert STORY(**values) == "/2026/1/2/story/"
    settings.ROOT_URLCONF = "core.tests.urls_moved"
    assert STORY(**values) == "/moved/2026/1/2/story/" == reverse("articles:detail", kwargs=values)


def test_an_argument_the_address_does_not_show_is_refused():
    with pytest.raises(NoReverseMatch):
        AddressPattern("articles:section", slug=str, page=int)(slug="news", page=2)
