from django.core.management.base import BaseCommand

from articles.models import Image
from articles.tasks import make_image_renditions


class Command(BaseCommand):
    help = "Queue renditions for images without them; --all checks every image (missing or damaged ones are remade)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true")

    def handle(self, *args, **options):
        images = Image.objects.all() if options["all"] else Image.objects.filter(rendition_widths=[])
        image_ids = list(images.values_list("pk", flat=True))
        for image_id in image_ids:
            make_image_renditions.enqueue(image_id)
        self.stdout.write(f"Renditions queued for {len(image_ids)} images.")
