from django.core.management.base import BaseCommand

from articles.models import Article
from discovery.models import SearchEntry
from discovery.search import reindex_all


class Command(BaseCommand):
    help = "Make sure the demo stories are searchable (seeders may bulk-create stories, which skips signals)."

    def handle(self, *args, **options):
        if SearchEntry.objects.count() == Article.objects.count():
            return  # already indexed: running the seeders again changes nothing
        total = reindex_all()
        if options["verbosity"]:
            self.stdout.write(f"Indexed {total} stories for search.")
