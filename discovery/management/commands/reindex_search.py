from django.core.management.base import BaseCommand

from core.progress import Reporter
from discovery.search import reindex_all
from discovery.sitemaps import rebuild_sitemap_months


class Command(BaseCommand):
    help = (
        "Rebuild the search index and the sitemap index's months from every story (after an import, "
        "or a change of SEARCH_LANGUAGE), in batches, showing progress."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000, help="Stories per transaction (default 1000).")

    def handle(self, *args, batch_size, **options):
        progress = Reporter(self.stdout, "Indexing")
        total = reindex_all(batch_size=max(1, batch_size), progress=progress)
        progress.finish(total)
        months = rebuild_sitemap_months()
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} articles; {months} months in the sitemap index."))
