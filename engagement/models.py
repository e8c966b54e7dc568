from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class Reaction(models.TextChoices):
    HAPPY = "happy", _("Happy")
    SAD = "sad", _("Sad")
    EXCITED = "excited", _("Excited")
    SLEEPY = "sleepy", _("Sleepy")
    ANGRY = "angry", _("Angry")
    SURPRISE = "surprise", _("Surprise")


STARS = [1, 2, 3, 4, 5]


def counter_names():
    """One counter per reaction (named after it) and per number of stars (`stars_1` … `stars_5`)."""
    return [*Reaction.values, *(f"stars_{stars}" for stars in STARS)]


class ArticleEngagement(models.Model):
    """An article's tallies, kept in step with the votes in the same transaction.

    Besides the totals below it has a counter per reaction and per number of stars, added
    after the class from `counter_names()`, so a new reaction is one line in `Reaction`.
    """

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="engagement")
    reaction_total = models.PositiveIntegerField(_("reactions"), default=0)
    rating_count = models.PositiveIntegerField(_("ratings"), default=0)
    rating_sum = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reader engagement")
        verbose_name_plural = _("reader engagement")

    def __str__(self):
        return str(self.article)

    def reaction_counts(self):
        return {kind: getattr(self, kind) for kind in Reaction.values}

    def star_counts(self):
        return {stars: getattr(self, f"stars_{stars}") for stars in STARS}


for counter in counter_names():
    ArticleEngagement.add_to_class(counter, models.PositiveIntegerField(default=0))


class ReactionVote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    reader = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=Reaction.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "reader"], name="one_reaction_per_reader")]

    def __str__(self):
        return f"{self.reader}: {self.kind}"


class RatingVote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    reader = models.CharField(max_length=80)
    stars = models.PositiveSmallIntegerField(choices=[(n, n) for n in STARS])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "reader"], name="one_rating_per_reader"),
            models.CheckConstraint(condition=models.Q(stars__gte=1, stars__lte=5), name="rating_one_to_five"),
        ]

    def __str__(self):
        return f"{self.reader}: {self.stars}"
