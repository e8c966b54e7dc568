from django.core.management.base import BaseCommand

from articles.models import Image
from articles.tasks import make_image_renditions


class Command(BaseCommand):
    help = (
        "Queue the renditions of every image that has none yet (after an upgrade that renamed them, or a "
        "failure); with --all, check every image's renditions and remake any missing or damaged one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Check every image, not only those without renditions.")

    def handle(self, *args, all, **options):
        images = Image.objects.all() if all else Image.objects.filter(rendition_widths=[])
        count = 0
        for image_id in images.values_list("pk", flat=True).iterator():
            make_image_renditions.enqueue(image_id)
            count += 1
        self.stdout.write(f"Renditions queued for {count} images.")
