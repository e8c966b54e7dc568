import random

from django.core.management.base import BaseCommand

from articles.models import Article
from engagement.models import ArticleEngagement, Reaction
from engagement.services import rating_set, reaction_toggle


class Command(BaseCommand):
    help = "Give the demo stories some reactions and ratings. Running it again changes nothing."

    def handle(self, *args, **options):
        rng = random.Random(7)
        seeded = 0
        for article in Article.objects.published().order_by("-publish_at")[:20]:
            if ArticleEngagement.objects.filter(article=article).exists():
                continue
            mood = rng.sample(Reaction.values, 3)
            for reader in range(rng.randint(5, 40)):
                kind = mood[0] if reader % 3 else rng.choice(mood)
                reaction_toggle(article=article, reader=f"demo:{reader}", kind=kind)
            for reader in range(rng.randint(3, 25)):
                rating_set(article=article, reader=f"demo:{reader}", stars=rng.choice([3, 4, 4, 5, 5, 2, 1, 4]))
            seeded += 1
        self.stdout.write(f"Demo reactions and ratings: {seeded} stories.")
