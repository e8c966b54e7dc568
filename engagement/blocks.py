"""What the reactions and rating blocks show, from the tally row (one query)."""

from django.utils.translation import gettext, ngettext

from engagement.figures import average, whole_percentages
from engagement.icons import icon
from engagement.models import STARS, ArticleEngagement, RatingVote, Reaction, ReactionVote


def tallies(article):
    """The story's tally row: read with the story on its page (article_page_joins), else one query."""
    try:
        return article.engagement
    except ArticleEngagement.DoesNotExist:
        return ArticleEngagement(article_id=article.pk)


def summary(article, reader=None):
    """Counts, shares, average and the reader's own choices, ready for the template or JSON."""
    tally = tallies(article)
    counts = tally.reaction_counts()
    shares = whole_percentages(counts)
    stars = tally.star_counts()
    star_shares = whole_percentages(stars)
    own_reaction = own_rating = None
    if reader:
        own_reaction = (
            ReactionVote.objects.filter(article_id=article.pk, reader=reader).values_list("kind", flat=True).first()
        )
        own_rating = (
            RatingVote.objects.filter(article_id=article.pk, reader=reader).values_list("stars", flat=True).first()
        )
    mean = average(tally.rating_sum, tally.rating_count)
    texts = {
        "reaction_total": ngettext("%(count)s reaction", "%(count)s reactions", tally.reaction_total)
        % {"count": tally.reaction_total},
        "rating_summary": (
            ngettext(
                "Average %(average)s out of 5 from %(count)s rating",
                "Average %(average)s out of 5 from %(count)s ratings",
                tally.rating_count,
            )
            % {"average": mean, "count": tally.rating_count}
            if tally.rating_count
            else gettext("No ratings yet: be the first.")
        ),
        "own_rating": (
            gettext("You rated it %(stars)s out of 5. Change your rating:") % {"stars": own_rating}
            if own_rating
            else gettext("Your rating, out of 5 stars:")
        ),
    }
    return {
        "texts": texts,
        "reactions": [
            {
                "kind": kind,
                "label": str(label),
                "count": counts[kind],
                "percent": shares[kind],
                "chosen": kind == own_reaction,
                "icon": icon(kind),
            }
            for kind, label in Reaction.choices
        ],
        "reaction_total": tally.reaction_total,
        "rating": {
            "average": str(mean) if mean is not None else None,
            "count": tally.rating_count,
            "own": own_rating,
            "distribution": [{"stars": n, "count": stars[n], "percent": star_shares[n]} for n in reversed(STARS)],
        },
    }


def star_buttons(own_rating):
    """The rating form's buttons, highest first as in the markup (shown lowest first): one click
    rates, each star sending its own value; those up to the reader's rating are lit."""
    return [
        {
            "value": n,
            "on": bool(own_rating) and n <= own_rating,
            "pressed": n == own_rating,
            "title": ngettext("%(count)s star", "%(count)s stars", n) % {"count": n},
            "label": ngettext("Rate it %(count)s star", "Rate it %(count)s stars", n) % {"count": n},
        }
        for n in reversed(STARS)
    ]


def as_json(data):
    """Every figure the blocks show, sentences included, so the page's script changes them all together."""
    return {
        "texts": data["texts"],
        "reactions": [{key: item[key] for key in ("kind", "count", "percent", "chosen")} for item in data["reactions"]],
        "reaction_total": data["reaction_total"],
        "rating": data["rating"],
    }
