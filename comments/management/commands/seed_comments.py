import datetime

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article
from comments.models import Comment
from comments.services import ThreadEntry, comments_import

# (name, e-mail, website, text, replies) — our own writing for the demo, one discussion per story.
BRIDGE = [
    (
        "Marta K.",
        "marta@example.org",
        "",
        "Finally! I have been cycling the long way round for two years.",
        [
            (
                "Dev Patel",
                "dev@example.org",
                "https://example.org/dev",
                "The new cycle lane is the best part. Let's hope they keep it clear of delivery vans.",
                [
                    (
                        "Marta K.",
                        "marta@example.org",
                        "",
                        "Ha, one can dream.",
                        [
                            (
                                "Olu A.",
                                "olu@example.org",
                                "",
                                "They have put in bollards on the north end, so there is hope.",
                                [
                                    ("Dev Patel", "dev@example.org", "", "Good to know, thanks Olu.", []),
                                ],
                            ),
                        ],
                    ),
                ],
            ),
        ],
    ),
    (
        "Gregor",
        "gregor@example.org",
        "",
        "Thirty per cent over budget is not a detail. Who signs off on these "
        "estimates, and does anyone ever check them afterwards?",
        [
            (
                "Ines",
                "ines@example.org",
                "",
                "The council publishes the audit next spring. Worth reading when it "
                "comes out.\n\nLast time it explained most of the overrun: steel prices.",
                [],
            ),
        ],
    ),
    ("A reader", "reader@example.org", "", "Great reporting, thank you. More of this, please.", []),
]
BUDGET_VOTE = [
    (
        "Hanne S.",
        "hanne@example.org",
        "",
        "Four hours a week off the library still hurts. Saturday mornings were when my kids actually went.",
        [
            (
                "Tom B.",
                "tom@example.org",
                "",
                "Better than the ten hours first proposed. The campaign worked, for once.",
                [("Hanne S.", "hanne@example.org", "", "True. I'll take it, grudgingly.", [])],
            ),
        ],
    ),
    ("Piotr", "piotr@example.org", "", "Did anyone publish the full list of amendments that passed?", []),
]
GLACIERS = [
    (
        "Ingrid",
        "ingrid@example.org",
        "",
        "Walking the 1960s routes again is a lovely piece of method. The old photographs must have helped.",
        [
            (
                "Sam O.",
                "sam@example.org",
                "https://example.org/sam",
                "They did: the team matched the skyline in each photo to find the exact spots.",
                [],
            ),
        ],
    ),
]
BAKERY = [
    (
        "Lena",
        "lena@example.org",
        "",
        "Our corner bakery is one of the twelve. Bread has been better since the spring, I'm sure of it.",
        [("Ravi", "ravi@example.org", "", "Same mill, same flour for everyone now. Worth it.", [])],
    ),
]
# Which demo story each discussion belongs under.
DISCUSSIONS = {
    "harbour-bridge-reopens": BRIDGE,
    "council-budget-vote": BUDGET_VOTE,
    "glacier-retreat-survey": GLACIERS,
    "bakery-cooperative": BAKERY,
}


class Command(BaseCommand):
    help = "Add threaded demo discussions to a few demo stories. Running it again changes nothing."

    def handle(self, *args, **options):
        added = 0
        for article in Article.objects.published().filter(slug__in=DISCUSSIONS):
            if Comment.objects.filter(article=article).exists():
                continue
            with transaction.atomic():
                moment = article.publish_at + datetime.timedelta(minutes=20)
                added += self.thread(article, DISCUSSIONS[article.slug], None, moment)
        self.stdout.write(f"Demo comments: {added} added.")

    def thread(self, article, entries, parent, moment):
        """Written through the comments app's bulk path, as an importer would."""
        thread = list(self.entries(entries, None, moment, counter=iter(range(1, 10_000))))
        return len(comments_import(article=article, entries=thread).created)

    def entries(self, entries, parent_key, moment, counter):
        for name, email, url, text, replies in entries:
            moment += datetime.timedelta(minutes=7)
            key = next(counter)
            yield ThreadEntry(
                key=key,
                parent_key=parent_key,
                body=text,
                author_name=name,
                author_email=email,
                author_url=url,
                status=Comment.Status.APPROVED,
                created_at=moment,
            )
            yield from self.entries(replies, key, moment, counter)
