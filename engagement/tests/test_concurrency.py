import pytest

from articles.tests.factories import ArticleFactory
from engagement.models import ArticleEngagement, ReactionVote
from engagement.services import rating_set, reaction_toggle

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_votes_are_never_lost(run_together):
    article = ArticleFactory()
    kinds = ["happy", "sad", "excited", "sleepy", "angry", "surprise"]
    jobs = [lambda n=n: reaction_toggle(article=article, reader=f"r{n}", kind=kinds[n % 6]) for n in range(48)]
    jobs += [lambda n=n: rating_set(article=article, reader=f"r{n}", stars=n % 5 + 1) for n in range(40)]

    assert run_together(jobs) == []

    row = ArticleEngagement.objects.get(article=article)
    assert row.reaction_total == 48 == ReactionVote.objects.count()
    assert all(getattr(row, kind) == 8 for kind in kinds)
    assert (row.rating_count, row.rating_sum) == (40, sum(n % 5 + 1 for n in range(40)))
    assert all(row.star_counts()[stars] == 8 for stars in range(1, 6))
