"""Every aria-describedby points at something on the page; landmarks of one kind have names of their own."""

import pytest

from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

DANGLING = """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(element =>
    element.getAttribute('aria-describedby').split(/\\s+/).filter(id => !document.getElementById(id))
        .map(id => element.id + ' -> ' + id))"""
LANDMARK_NAMES = """() => [...document.querySelectorAll('[role=search], section[aria-label], section[aria-labelledby]')]
    .map(element => element.getAttribute('aria-label')
        || document.getElementById(element.getAttribute('aria-labelledby') || '')?.textContent || '')"""


@pytest.mark.parametrize("path", ["story", "/search/?q=harbour&date_from=2024-01-01"])
def test_descriptions_exist_and_landmark_names_differ(live_server, page, path):
    story = ArticleFactory(headline="Harbour news")
    page.goto(live_server.url + (story.get_absolute_url() if path == "story" else path))

    assert page.evaluate(DANGLING) == []
    names = [" ".join(name.split()) for name in page.evaluate(LANDMARK_NAMES)]
    assert len(names) == len(set(names)), names
