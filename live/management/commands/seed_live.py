"""The demo's live story: a dozen updates, two key events and one corrected update (our own writing)."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Author, Byline, Section
from editorial.models import Correction
from live.models import LiveCoverage, LiveUpdate

SLUG = "storm-idris-live"
UPDATES = [
    (
        "",
        "The Met Office has raised the warning for the coast to amber. Winds are expected to peak after midnight.",
        False,
    ),
    ("Harbour gates close", "The harbourmaster has closed the inner harbour gates two hours early.", True),
    ("", "Ferries to Skerra are cancelled for the rest of the day; the last one left at 15:40.", False),
    ("", "Readers in Low Street report water coming over the sea wall at the north mole.", False),
    ("", "Sandbags are being handed out at the fire station until 22:00. Bring your own spade.", False),
    ("", "The lifeboat has launched to help a fishing boat that lost power off Carrick Point.", False),
    ("Fishing boat towed in", "The lifeboat crew has brought the boat and its two crew safely into the harbour.", True),
    ("", "Power is off in about 300 homes east of the river, the network operator says.", False),
    ("", "The council has opened the school hall as a rest centre for anyone who needs to leave home.", False),
    ("", "The surge gauge at the north mole read 6.3 m above chart datum at 03:42, the highest since 1987.", False),
    ("", "Gusts of 84 mph were recorded on the headland, the strongest of the night so far.", False),
    ("", "The wind is easing. Crews will check the sea wall at first light.", False),
]
CORRECTED = 9  # the gauge reading, first given as 6.8 m
FIRST_GIVEN = "The surge gauge at the north mole read 6.8 m above chart datum at 03:42, the highest since 1987."


class Command(BaseCommand):
    help = "Add the demo newsroom's live story. Running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        if Article.objects.filter(slug=SLUG).exists():
            self.stdout.write("Demo live story: already there.")
            return
        start = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=6)
        article = Article.objects.create(
            slug=SLUG,
            headline="Storm Idris: live updates as the surge reaches Gullhaven",
            standfirst="Gates closed, ferries cancelled and a record reading at the north mole, as it happened.",
            section=Section.objects.order_by("order").first() or Section.objects.create(name="News", slug="news"),
            body="<p>Storm Idris is passing over the coast tonight. This page follows it as it happens.</p>",
            status=Article.Status.PUBLISHED,
            publish_at=start,
        )
        author = Author.objects.order_by("pk").first()
        if author:
            Byline.objects.create(article=article, author=author, order=0)
        coverage = LiveCoverage.objects.create(
            article=article,
            started_at=start,
            summary="<p>Amber warning for the coast. Harbour gates closed; Skerra ferries cancelled; rest centre "
            "open at the school hall. The surge peaked at 6.3 m at 03:42.</p>",
        )
        for number, (headline, text, key) in enumerate(UPDATES):
            update = LiveUpdate.objects.create(
                coverage=coverage,
                headline=headline,
                body=f"<p>{FIRST_GIVEN if number == CORRECTED else text}</p>",
                is_key=key,
                publish_at=start + datetime.timedelta(minutes=25 * (number + 1)),
            )
            if author:
                update.authors.add(author)
            if number == CORRECTED:
                note = "An earlier version of this update gave the reading as 6.8 m; it was 6.3 m."
                LiveUpdate.objects.filter(pk=update.pk).update(
                    body=f"<p>{text}</p>",
                    correction=note,
                    corrected_at=update.publish_at + datetime.timedelta(minutes=20),
                )
                Correction.objects.create(article=article, kind=Correction.Kind.CORRECTION, text=note)
        self.stdout.write(f"Demo live story: {len(UPDATES)} updates.")
