"""Cached public pages go stale when anything they show changes (declared to core.pagecache); a
picture's renditions are made after it is saved and its files removed after it is deleted."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from articles.body_render import embedded_urls
from articles.embed_checks import keep_embedded_posts
from articles.images import stored_files
from articles.models import Article, Author, Byline, Image, KeyPoint, Section, Tag
from articles.tasks import delete_stored_files, make_image_renditions
from core.pagecache import invalidate_public_pages, invalidate_story, shown_on_public_pages


def _story_of(part):
    # Read afresh: the story may have moved in this same transaction (the admin saves it first).
    return Article.objects.filter(pk=part.article_id).only("slug", "publish_at").first()


def _tags_changed(sender, instance, **kwargs):
    if isinstance(instance, Article):
        path = instance.get_absolute_url()
        transaction.on_commit(lambda: invalidate_story(path))
    else:  # a tag's stories changed from the tag's side
        transaction.on_commit(invalidate_public_pages)


def _byline_takes_its_story_date(sender, instance, raw=False, **kwargs):
    if raw and instance.publish_at is not None:
        return  # a fixture says it
    if Byline.article.is_cached(instance):  # the story saved with it (the admin's form and inlines)
        instance.publish_at = instance.article.publish_at
    else:
        instance.publish_at = Article.objects.values_list("publish_at", flat=True).get(pk=instance.article_id)


def _bylines_follow_their_story(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or "publish_at" in update_fields:
        Byline.objects.filter(article=instance).exclude(publish_at=instance.publish_at).update(
            publish_at=instance.publish_at
        )


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
    # Each byline carries its story's date (the author page's index): set on save, moved with the story.
    pre_save.connect(_byline_takes_its_story_date, sender=Byline, dispatch_uid="byline-story-date")
    post_save.connect(_bylines_follow_their_story, sender=Article, dispatch_uid="bylines-follow-story-date")
    post_save.connect(_make_renditions_after_commit, sender=Image, dispatch_uid="image-renditions")
    post_delete.connect(_delete_files_after_commit, sender=Image, dispatch_uid="image-files")
    # Rows many stories show make every page and kept block stale; a story and the rows of one
    # story make every page stale (the lists show it) but only that story's own kept blocks.
    for model in (Author, Image, Section, Tag):
        shown_on_public_pages(model)
    shown_on_public_pages(Article, story=lambda article: article)
    for model in (Byline, KeyPoint):
        shown_on_public_pages(model, story=_story_of)
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid="pagecache-tags")
