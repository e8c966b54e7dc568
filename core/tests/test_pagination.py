import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.tests.factories import ArticleFactory, SectionFactory
from core.pagination import PAGES_AHEAD, BoundedPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty_stories():
    section = SectionFactory()
    ArticleFactory.create_batch(30, section=section)
    return Article.objects.published().filter(section=section).order_by("-publish_at", "-pk")


def test_a_list_under_the_bound_counts_and_pages_as_djangos_paginator(thirty_stories):
    paginator = BoundedPaginator(thirty_stories, 6)  # (1 + PAGES_AHEAD) pages of 6 reach every story
    assert paginator.count == 30 and paginator.count_is_exact and paginator.num_pages == 5
    django = Paginator(thirty_stories, 6)
    for number in (1, 3, 5):
        assert list(paginator.get_elided_page_range(number)) == list(django.get_elided_page_range(number))
    assert not paginator.page(5).has_next() and paginator.page(5).end_index() == 30


def test_past_the_bound_the_count_stops_and_no_last_page_is_offered(thirty_stories):
    paginator = BoundedPaginator(thirty_stories, 1, near_page=3)
    limit = (3 + PAGES_AHEAD) * 1
    assert paginator.count == limit + 1 and not paginator.count_is_exact
    pages = list(paginator.get_elided_page_range(3))
    assert pages[-1] == paginator.ELLIPSIS and 30 not in pages
    assert paginator.page(3).has_next()


def test_a_deep_page_holds_the_same_stories_as_an_offset_would(thirty_stories):
    expected = list(thirty_stories[24:27])
    paginator = BoundedPaginator(thirty_stories, 3, near_page=9)
    with CaptureQueriesContext(connection) as queries:
        page = list(paginator.page(9))
    assert page == expected
    assert "IN (SELECT" in queries[-1]["sql"].upper().replace('"', "")  # ids first, then the rows


def test_a_page_past_the_end_is_not_found_and_last_counts_everything(client, thirty_stories):
    section = thirty_stories.first().section
    url = section.get_absolute_url()
    assert client.get(url + "?page=2").status_code == 200
    assert client.get(url + "?page=99").status_code == 404
    response = client.get(url + "?page=last")
    assert response.status_code == 200 and response.context["page_obj"].number == 2


def test_a_public_list_never_counts_the_whole_archive(client, settings, thirty_stories):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE = False
    client.cookies["messages"] = "x"
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]
    assert counts and all("LIMIT" in sql.upper() for sql in counts)


def test_page_links_surround_the_page_read(client, settings, thirty_stories):
    settings.PAGE_CACHE_SECONDS = 0
    section = thirty_stories.first().section
    ArticleFactory.create_batch(170, section=section)  # 200 stories: 10 pages of 20
    html = client.get(section.get_absolute_url() + "?page=7").content.decode()
    links = [int(number) for number in re.findall(r'page=(\d+)"(?! rel)', html)]
    assert {4, 5, 6, 8, 9, 10} <= set(links) and '<span aria-current="page">7</span>' in html


def test_the_last_page_of_a_list_too_long_to_count_is_not_found(client, settings, thirty_stories, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr("core.pagination.PAGES_AHEAD", 0)  # a page of 20 counted: 30 stories are "more"
    assert client.get(thirty_stories.first().section.get_absolute_url() + "?page=last").status_code == 404
