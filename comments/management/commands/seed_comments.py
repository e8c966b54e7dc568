import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article
from comments.models import Comment
from comments.services import ThreadEntry, comments_import

# One discussion per demo story, keyed by its slug: our own writing, kept as data.
DISCUSSIONS = json.loads((Path(__file__).resolve().parents[2] / "demo" / "discussions.json").read_text())["discussions"]


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
        for entry in entries:
            moment += datetime.timedelta(minutes=7)
            key = next(counter)
            fields = {name: value for name, value in entry.items() if name != "replies"}
            yield ThreadEntry(
                key=key, parent_key=parent_key, status=Comment.Status.APPROVED, created_at=moment, **fields
            )
            yield from self.entries(entry["replies"], key, moment, counter)
