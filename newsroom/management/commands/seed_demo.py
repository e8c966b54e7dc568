from django.core.management import call_command
from django.core.management.base import BaseCommand

# Each app seeds its own part of the demo newsroom, articles first. Every seeder is
# idempotent: running `seed_demo` again changes nothing.
SEEDERS = [
    "seed_articles",
    "seed_live",
    "seed_search",
    "seed_comments",
    "seed_engagement",
    "seed_newsletter",
    "seed_pages",
]


class Command(BaseCommand):
    help = "Load the demo newsroom (sections, authors, stories, images, and each feature's demo data)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-renditions",
            action="store_true",
            help="Leave the demo's pictures without renditions (pages show the originals): for tests that read no picture.",
        )

    def handle(self, *args, **options):
        for seeder in SEEDERS:
            extra = {"without_renditions": options["without_renditions"]} if seeder == "seed_articles" else {}
            call_command(seeder, verbosity=options["verbosity"], stdout=self.stdout, **extra)
