from django.core.management.base import BaseCommand

from core.progress import Progress
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
        bar = None

        def progress(done, total):
            nonlocal bar
            bar = bar or Progress(self.stdout, total, "Indexing")
            bar.update(done)

        total = reindex_all(batch_size=max(1, batch_size), progress=progress)
        if bar:
            bar.finish(total)
        months = rebuild_sitemap_months()
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} articles; {months} months in the sitemap index."))
