from django.core.management.base import BaseCommand

from articles.models import Article
from discovery.models import SearchEntry
from discovery.search import reindex_all
from discovery.sitemaps import rebuild_sitemap_months


class Command(BaseCommand):
    help = (
        "Make sure the demo stories are searchable and in the sitemap index "
        "(seeders may bulk-create or update stories, which skips signals)."
    )

    def handle(self, *args, **options):
        rebuild_sitemap_months()  # a few rows for the demo; the seeders' updates sent no signals
        if SearchEntry.objects.count() == Article.objects.count():
            return  # already indexed: running the seeders again changes nothing
        total = reindex_all()
        if options["verbosity"]:
            self.stdout.write(f"Indexed {total} stories for search.")
