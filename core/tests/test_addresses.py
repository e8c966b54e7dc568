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


def test_an_argument_the_address_does_not_show_is_refused():
    with pytest.raises(NoReverseMatch):
        AddressPattern("articles:section", slug=str, page=int)(slug="news", page=2)
