from django.core.management.base import BaseCommand

from discovery.search import reindex_all


class Command(BaseCommand):
    help = "Rebuild the search index from every article (after an import, or a change of SEARCH_LANGUAGE)."

    def handle(self, *args, **options):
        total = reindex_all()
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} articles."))
