"""Cached public pages go stale when anything they show changes; a picture's renditions are made
after it is saved and its files removed after it is deleted."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.body_render import embedded_urls
from articles.embed_checks import keep_embedded_posts
from articles.images import stored_files
from articles.models import Article, Author, Byline, Image, KeyPoint, Section, Tag
from articles.tasks import delete_stored_files, make_image_renditions
from core.versions import invalidate_public_pages, invalidate_story

# Rows many stories show (every page goes stale, and every kept block) and rows of one story
# (every page goes stale for the lists, but only that story's own kept blocks).
SHARED_BY_STORIES = [Author, Image, Section, Tag]
PART_OF_ONE_STORY = [Byline, KeyPoint]


def _invalidate_after_commit(**kwargs):
    transaction.on_commit(invalidate_public_pages)


def _story_changed(article):
    path = article.get_absolute_url() if article is not None else None
    transaction.on_commit(lambda: invalidate_story(path) if path else invalidate_public_pages())


def _article_changed(sender, instance, **kwargs):
    _story_changed(instance)


def _part_changed(sender, instance, **kwargs):
    # Read afresh: the story may have moved in this same transaction (the admin saves it first).
    _story_changed(Article.objects.filter(pk=instance.article_id).only("slug", "publish_at").first())


def _tags_changed(sender, instance, **kwargs):
    if isinstance(instance, Article):
        _story_changed(instance)
    else:  # a tag's stories changed from the tag's side
        _invalidate_after_commit()


def _make_renditions_after_commit(sender, instance, **kwargs):
    if instance.file and not instance.rendition_widths:
        transaction.on_commit(lambda: make_image_renditions.enqueue(instance.pk))


def _delete_files_after_commit(sender, instance, **kwargs):
    names = stored_files(instance)
    if names:
        transaction.on_commit(lambda: delete_stored_files.enqueue(names))


def _keep_embedded_posts(sender, instance, created, update_fields=None, **kwargs):
    if update_fields is not None and "body" not in update_fields:
        return
    urls = embedded_urls(instance.body)
    if urls or not created:
        keep_embedded_posts(instance, urls)


def connect():
    post_save.connect(_keep_embedded_posts, sender=Article, dispatch_uid="article-embedded-posts")
    post_save.connect(_make_renditions_after_commit, sender=Image, dispatch_uid="image-renditions")
    post_delete.connect(_delete_files_after_commit, sender=Image, dispatch_uid="image-files")
    handlers = [(model, _invalidate_after_commit) for model in SHARED_BY_STORIES]
    handlers += [(Article, _article_changed)] + [(model, _part_changed) for model in PART_OF_ONE_STORY]
    for model, handler in handlers:
        post_save.connect(handler, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid="pagecache-tags")
