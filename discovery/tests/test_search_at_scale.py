"""On PostgreSQL a search ranks a bounded set of matches, however many stories match."""

import pytest
from django.utils import timezone

from articles.models import Article
from discovery import search_engines
from discovery.search import reindex_all, search_articles

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def archive(section):
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Harbour story {n}",
            slug=f"harbour-{n}",
            body=f"<p>The city council met about the harbour, meeting {n}.</p>"
            if n % 2
            else f"<p>The council of the city met about the harbour, meeting {n}.</p>",
            section=section,
            status=Article.Status.PUBLISHED,
            publish_at=now - timezone.timedelta(days=n),
        )
        for n in range(12)
    )
    reindex_all()


def test_past_the_ranked_matches_the_total_is_an_estimate(client, archive, monkeypatch):
    monkeypatch.setattr(search_engines, "RANKED_CANDIDATES", 5)
    monkeypatch.setattr("discovery.search.RANKED_CANDIDATES", 5)
    results = search_articles("harbour")
    assert results.count() == 5  # what readers page through
    assert results.total_is_estimate and results.total() >= 5
    html = client.get("/search/", {"q": "harbour"}).content.decode()
    assert "About " in html and "results for “harbour”" in html


def test_under_the_bound_the_total_is_exact(archive):
    results = search_articles("harbour")
    assert results.count() == results.total() == 12 and not results.total_is_estimate


def test_a_phrase_is_looked_for_among_the_newest_stories_holding_its_words(archive, monkeypatch):
    assert search_articles('"city council"').count() == 6  # the odd ones say it that way
    monkeypatch.setattr(search_engines, "PHRASE_POOL", 4)
    found = [article.slug for article in search_articles('"city council"')[:10]]
    assert found == ["harbour-1", "harbour-3"]  # of the newest four holding both words
