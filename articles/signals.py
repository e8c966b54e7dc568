"""Cached public pages go stale when anything they show changes; a picture's renditions are made
after it is saved and its files removed after it is deleted."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.images import stored_files
from articles.models import Article, Author, Byline, Image, InlineImage, KeyPoint, Section, Tag
from articles.tasks import delete_stored_files, make_image_renditions
from core.pagecache import invalidate_public_pages

SHOWN_ON_PUBLIC_PAGES = [Article, Author, Byline, Image, InlineImage, KeyPoint, Section, Tag]


def _invalidate_after_commit(**kwargs):
    transaction.on_commit(invalidate_public_pages)


def _make_renditions_after_commit(sender, instance, **kwargs):
    if instance.file and not instance.rendition_widths:
        transaction.on_commit(lambda: make_image_renditions.enqueue(instance.pk))


def _delete_files_after_commit(sender, instance, **kwargs):
    names = stored_files(instance)
    if names:
        transaction.on_commit(lambda: delete_stored_files.enqueue(names))


def connect():
    post_save.connect(_make_renditions_after_commit, sender=Image, dispatch_uid="image-renditions")
    post_delete.connect(_delete_files_after_commit, sender=Image, dispatch_uid="image-files")
    for model in SHOWN_ON_PUBLIC_PAGES:
        post_save.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
    m2m_changed.connect(_invalidate_after_commit, sender=Article.tags.through, dispatch_uid="pagecache-tags")
