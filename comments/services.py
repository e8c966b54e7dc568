"""Every write to a comment thread goes through here, under the article's lock.

django-mptt keeps lft/rght/tree_id by reading the tree and then shifting it; two writers
doing that at once corrupt the tree (its README says callers must serialise writes). So
each write first locks the article's row (`select_for_update`), re-reads what it depends
on, and only then lets mptt insert. New top-level comments also take the tree-id lock,
because a new tree id is `max(tree_id) + 1` across all articles. On SQLite the IMMEDIATE
transaction mode already serialises writers; the row locks matter on PostgreSQL.
"""

import logging

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, TreeIdAllocator
from comments.moderation import decide_status
from core.pagecache import invalidate_public_pages
from core.ratelimit import keyed_hash

logger = logging.getLogger(__name__)

# Set by the tree code and by Comment.save, never by whoever posts.
TREE_AND_DERIVED_FIELDS = ["parent", "lft", "rght", "tree_id", "level", "body_html"]


def hash_ip(ip_address):
    """A keyed hash of an IP address: lets moderators match posts without storing the address."""
    return keyed_hash("ip", ip_address) if ip_address else ""


def lock_article(article):
    return Article.objects.select_for_update().only("pk", "comments_enabled", "status", "publish_at").get(pk=article.pk)


def lock_tree_ids():
    TreeIdAllocator.objects.select_for_update().get_or_create(pk=1)


def _recount(article):
    count = Comment.objects.filter(article_id=article.pk, status=Comment.Status.APPROVED).count()
    Article.objects.filter(pk=article.pk).update(comment_count=count)
    return count


def comment_create(
    *,
    article,
    body,
    author_name,
    author_email,
    author_url="",
    parent=None,
    user=None,
    ip_address=None,
    user_agent="",
    notify_replies=False,
    status=None,
    created_at=None,
    send_notifications=True,
):
    """Add a comment (a reply when `parent` is given) to `article`'s threads.

    `status=None` lets the moderation rules decide; an explicit status (an importer's) is
    used as given. Validation of the fields runs here (`full_clean`); request-level checks
    (flood, duplicates, honeypot, closed threads) belong to `comment_submit`.
    """
    with transaction.atomic():
        lock_article(article)
        if parent is not None:
            # Re-read the parent under the lock: its lft/rght may have moved since it was loaded.
            parent = Comment.objects.get(pk=parent.pk, article_id=article.pk)
        comment = Comment(
            article_id=article.pk,
            parent=parent,
            user=user if user is not None and user.is_authenticated else None,
            author_name=author_name.strip(),
            author_email=author_email.strip(),
            author_url=author_url.strip(),
            body=body.strip(),
            notify_replies=notify_replies,
            ip_hash=hash_ip(ip_address),
            user_agent=(user_agent or "")[:300],
            created_at=created_at or timezone.now(),
        )
        comment.status = status or decide_status(
            article=article,
            author_email=comment.author_email,
            author_name=comment.author_name,
            author_url=comment.author_url,
            body=comment.body,
            ip_hash=comment.ip_hash,
            user=user,
        )
        comment.full_clean(exclude=TREE_AND_DERIVED_FIELDS)
        if parent is None:
            lock_tree_ids()
        Comment.objects.insert_node(comment, parent, position="last-child", save=True)
        if comment.status == Comment.Status.APPROVED:
            _recount(article)
        transaction.on_commit(invalidate_public_pages)
        if send_notifications:
            _notify_after_commit(comment, became_approved=comment.status == Comment.Status.APPROVED)
    return comment


def comment_set_status(*, comment, status, by=None):
    """Moderate: approve, mark spam, remove or restore. The node and its replies stay in place."""
    with transaction.atomic():
        lock_article(comment.article)
        comment = Comment.objects.select_related("parent").get(pk=comment.pk)
        if comment.status == status:
            return comment
        became_approved = status == Comment.Status.APPROVED
        Comment.objects.filter(pk=comment.pk).update(status=status)
        comment.status = status
        _recount(comment.article)
        transaction.on_commit(invalidate_public_pages)
        if became_approved:
            _notify_after_commit(comment, became_approved=True, moderators=False)
    logger.info("Comment %s set to %s by %s", comment.pk, status, by)
    return comment


def comment_edit(*, comment, body, by=None):
    """A moderator's edit of a comment's text; marked "edited" on the site."""
    comment.body = body
    comment.edited_at = timezone.now()
    comment.full_clean(exclude=["parent", "lft", "rght", "tree_id", "level"])
    comment.save(update_fields=["body", "body_html", "edited_at"])
    transaction.on_commit(invalidate_public_pages)
    return comment


def _notify_after_commit(comment, *, became_approved, moderators=True):
    from comments import notifications

    if became_approved and comment.parent_id:
        transaction.on_commit(lambda: notifications.enqueue_reply_notification(comment.pk))
    if moderators and comment.status == Comment.Status.PENDING:
        transaction.on_commit(lambda: notifications.enqueue_moderator_notification(comment.pk))
