"""Votes and the tallies beside them, changed together in one transaction.

The article's tally row is locked first (`select_for_update`), so concurrent votes on one
story queue up instead of losing each other's increments; the counters move with F().
"""

from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import F

from engagement.models import STARS, ArticleEngagement, RatingVote, Reaction, ReactionVote


@contextmanager
def _vote_under_lock(article, vote_model, reader):
    """Lock the story's tally row (creating it on the first vote), then hand over the tallies
    to update and the reader's existing vote. Cached pages are left as they are: a vote changes
    figures, not the story, and emptying the cache for each one would leave little cached; the
    voter's own figures come back with the vote, and other readers see new totals when the
    cached copy expires (PAGE_CACHE_SECONDS)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                ArticleEngagement.objects.get_or_create(article_id=article.pk)
        except IntegrityError:
            pass  # another vote created it a moment ago
        tallies = ArticleEngagement.objects.filter(article_id=article.pk)
        list(tallies.select_for_update())
        yield tallies, vote_model.objects.filter(article_id=article.pk, reader=reader).first()


def has_voted(article, reader, scope):
    """Whether `reader` already has a vote of this kind ("reactions" or "rating") on the story."""
    model = ReactionVote if scope == "reactions" else RatingVote
    return model.objects.filter(article_id=article.pk, reader=reader).exists()


def reaction_toggle(*, article, reader, kind):
    """Choose a reaction; choosing another moves it, choosing the same again takes it back.

    Returns the reader's reaction afterwards (None when taken back).
    """
    if kind not in Reaction.values:
        raise ValueError(f"Unknown reaction {kind!r}")
    with _vote_under_lock(article, ReactionVote, reader) as (tallies, vote):
        if vote is None:
            ReactionVote.objects.create(article_id=article.pk, reader=reader, kind=kind)
            tallies.update(**{kind: F(kind) + 1, "reaction_total": F("reaction_total") + 1})
            chosen = kind
        elif vote.kind == kind:
            vote.delete()
            tallies.update(**{kind: F(kind) - 1, "reaction_total": F("reaction_total") - 1})
            chosen = None
        else:
            tallies.update(**{vote.kind: F(vote.kind) - 1, kind: F(kind) + 1})
            vote.kind = kind
            vote.save(update_fields=["kind", "updated_at"])
            chosen = kind
    return chosen


def rating_set(*, article, reader, stars):
    """Rate 1–5; rating again changes the reader's rating."""
    if stars not in STARS:
        raise ValueError(f"Stars must be 1 to 5, not {stars!r}")
    with _vote_under_lock(article, RatingVote, reader) as (tallies, vote):
        if vote is None:
            RatingVote.objects.create(article_id=article.pk, reader=reader, stars=stars)
            tallies.update(
                **{f"stars_{stars}": F(f"stars_{stars}") + 1},
                rating_count=F("rating_count") + 1,
                rating_sum=F("rating_sum") + stars,
            )
        elif vote.stars != stars:
            old = vote.stars
            tallies.update(
                **{f"stars_{old}": F(f"stars_{old}") - 1, f"stars_{stars}": F(f"stars_{stars}") + 1},
                rating_sum=F("rating_sum") - old + stars,
            )
            vote.stars = stars
            vote.save(update_fields=["stars", "updated_at"])
    return stars
