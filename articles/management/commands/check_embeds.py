"""Ask embedded posts whether they still answer: `manage.py check_embeds [--limit N]`."""

from django.core.management.base import BaseCommand

from articles.embed_checks import check_some


class Command(BaseCommand):
    help = "Check the embedded posts checked longest ago (a worker also does this every few hours)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100)

    def handle(self, *args, limit, **options):
        gone = check_some(limit=limit)
        self.stdout.write(f"Checked up to {limit} embedded posts; {gone} no longer answer (admin: Embedded posts).")
