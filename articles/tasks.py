"""Background work of the articles app (django-tasks; immediate in development, queued in production)."""

import logging

from django.core.files.storage import default_storage

from articles.embed_checks import check_some
from articles.models import Image
from articles.renditions import make_renditions
from core.pagecache import invalidate_public_pages
from core.tasks import background

logger = logging.getLogger(__name__)


@background()
def make_image_renditions(image_id):
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return
    widths = make_renditions(image)
    if Image.objects.filter(pk=image_id, file=image.file.name).update(rendition_widths=widths):
        invalidate_public_pages()  # pages and kept blocks showing it can now offer its sizes


@background()
def delete_stored_files(names):
    """Remove a deleted picture's files (and renditions) from the media storage, unless another
    library entry still uses the picture."""
    if names and Image.objects.filter(file=names[0]).exists():
        return
    for name in names:
        default_storage.delete(name)


@background()
def check_embedded_posts():
    """Ask the posts checked longest ago whether they still answer (articles/embed_checks.py)."""
    gone = check_some()
    if gone:
        logger.info("%d embedded posts no longer answer (admin: Embedded posts)", gone)


@background()
def retry_missing_renditions(limit=200):
    """Pictures left without renditions (their making failed every try: a full disk, the object
    store away) are made again now and then, once the cause may be gone; pages show the original
    meanwhile."""
    waiting = Image.objects.filter(rendition_widths=[]).exclude(file="").order_by("pk")
    for pk in waiting.values_list("pk", flat=True)[:limit]:
        try:
            make_image_renditions.call(pk)
        except OSError:
            logger.warning("Renditions of picture %s still cannot be written; tried again later", pk)
            return
