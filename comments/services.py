"""Every write to a comment thread goes through here, under the article's lock.

django-mptt keeps lft/rght/tree_id by reading the tree and then shifting it; two writers
doing that at once corrupt the tree (its README says callers must serialise writes). So
each write first locks the article's row (`select_for_update`), re-reads what it depends
on, and only then lets mptt insert. New top-level comments also take the tree-id lock,
because a new tree id is `max(tree_id) + 1` across all articles. On SQLite the IMMEDIATE
transaction mode already serialises writers; the row locks matter on PostgreSQL.
"""

import logging
from dataclasses import dataclass, field
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from audit.models import AuditEvent
from audit.services import audit_record, person_name
from comments import notifications
from comments.checks import decide_status
from comments.models import Comment, TreeIdAllocator
from comments.signals import comment_moderated, comment_posted
from core.clients import hash_ip
from core.pagecache import invalidate_pages, invalidate_public_pages

logger = logging.getLogger(__name__)

# Set by the tree code and by Comment.save, never by whoever posts.
TREE_AND_DERIVED_FIELDS = ["parent", "lft", "rght", "tree_id", "level", "body_html"]


def lock_article(article):
    return Article.objects.select_for_update().only("pk", "comments_enabled", "status", "publish_at").get(pk=article.pk)


def lock_tree_ids():
    TreeIdAllocator.objects.select_for_update().get_or_create(pk=1)


def _count_new(article, approved):
    """The kept count grows by `approved` new comments (the caller holds the story's lock, so the
    count cannot move meanwhile): no counting of every comment the story has."""
    if approved:
        Article.objects.filter(pk=article.pk).update(comment_count=F("comment_count") + approved)


def _recount(article):
    """Store the story's number of approved comments, counted by the database in the same statement."""
    approved = (
        Comment.objects.approved()
        .filter(article_id=OuterRef("pk"))
        .order_by()
        .values("article_id")
        .annotate(number=Count("pk"))
        .values("number")
    )
    Article.objects.filter(pk=article.pk).update(comment_count=Coalesce(Subquery(approved), 0))


@dataclass
class CommentFields:
    """What a new comment says and where it came from; the service validates it."""

    body: str
    author_name: str
    author_email: str
    author_url: str = ""
    ip_address: str | None = None
    user_agent: str = ""
    notify_replies: bool = False
    created_at: object = None
    is_markup: bool = False
    kind: str = Comment.Kind.COMMENT

    def new_comment(self, *, article, parent, user=None):
        return Comment(
            is_markup=self.is_markup,
            kind=self.kind,
            article_id=article.pk,
            parent=parent,
            user=user if user is not None and user.is_authenticated else None,
            author_name=self.author_name.strip(),
            author_email=self.author_email.strip(),
            author_url=self.author_url.strip(),
            body=self.body.strip(),
            notify_replies=self.notify_replies,
            ip_hash=hash_ip(self.ip_address),
            user_agent=(self.user_agent or "")[:300],
            created_at=self.created_at or timezone.now(),
        )


def _insert(comment, parent):
    """Validate and place `comment` as `parent`'s last reply (or a new thread); the caller holds
    the article's lock. Raises ValidationError and writes nothing when a field is refused."""
    comment.full_clean(exclude=TREE_AND_DERIVED_FIELDS)
    if parent is None:
        lock_tree_ids()
    Comment.objects.insert_node(comment, parent, position="last-child", save=True)
    return comment


def comment_create(*, article, parent=None, user=None, status=None, send_notifications=True, **fields):
    """Add a comment (a reply when `parent` is given) to `article`'s threads.

    `fields` are CommentFields' (body, author_name, author_email, and optionally author_url,
    ip_address, user_agent, notify_replies, created_at). `status=None` lets the moderation
    rules decide; an explicit status (an importer's) is used as given. The fields are
    validated here (`full_clean`, ValidationError); request-level checks (flood, duplicates,
    honeypot, closed threads) belong to `comment_submit`.
    """
    fields = CommentFields(**fields)
    with transaction.atomic():
        lock_article(article)
        if parent is not None:
            # Re-read the parent under the lock: its lft/rght may have moved since it was loaded.
            parent = Comment.objects.get(pk=parent.pk, article_id=article.pk)
        comment = fields.new_comment(article=article, parent=parent, user=user)
        comment.status = status or decide_status(comment, user=user, client_ip=fields.ip_address)
        _insert(comment, parent)
        transaction.on_commit(lambda: comment_posted.send(sender=Comment, comment=comment))
        if comment.is_approved:  # its story's page goes stale by the declaration in comments/apps.py
            _count_new(article, 1)
        if send_notifications:
            _notify_after_commit(comment, became_approved=comment.is_approved)
    return comment


@dataclass(kw_only=True)
class ThreadEntry(CommentFields):
    """One comment of an imported thread. `key` and `parent_key` are the source's own ids;
    `existing` is the comment an earlier import made of it, to be brought up to date."""

    key: object
    status: str
    parent_key: object = None
    existing: Comment | None = None
    is_changed: bool = True  # False: `existing` is up to date; it only serves as a parent


@dataclass
class ThreadImport:
    saved: dict = field(default_factory=dict)  # key → Comment (created or updated)
    created: list = field(default_factory=list)  # keys
    updated: list = field(default_factory=list)  # keys
    unchanged: list = field(default_factory=list)  # keys
    refused: dict = field(default_factory=dict)  # key → ValidationError


def comments_import(*, article, entries):
    """Write a story's imported threads in one go: one lock and one recount for the story.

    `entries` (ThreadEntry) come parents first. An entry whose parent was refused or is
    missing becomes a new thread. Nobody is notified. An entry whose fields are refused is
    reported in `refused` and the rest still go in. New threads are numbered here and written
    with a few multi-row inserts; only a new reply to a comment of an earlier import goes
    through mptt's one-by-one insert.
    """
    result = ThreadImport()
    fresh = []
    with transaction.atomic():
        lock_article(article)
        for entry in entries:
            try:
                if entry.existing is not None and entry.existing.article_id == article.pk:
                    # Its replies hang under it even if the update below is refused.
                    result.saved[entry.key] = entry.existing
                    if entry.is_changed:
                        _update_imported(entry)
                    (result.updated if entry.is_changed else result.unchanged).append(entry.key)
                    continue
                parent = result.saved.get(entry.parent_key) if entry.parent_key is not None else None
                comment = entry.new_comment(article=article, parent=parent)
                comment.status = entry.status
                if parent is None or parent.pk is None:  # a new thread, or inside one
                    # The story is the one locked above and nobody is signed in: no lookups needed.
                    comment.full_clean(exclude=[*TREE_AND_DERIVED_FIELDS, "article", "user"], validate_unique=False)
                    fresh.append(comment)
                    result.saved[entry.key] = comment
                else:
                    with transaction.atomic():
                        result.saved[entry.key] = _insert(comment, parent)
                result.created.append(entry.key)
            except ValidationError as error:
                result.refused[entry.key] = error
        _insert_new_threads(fresh)
        if result.updated or result.unchanged:
            _recount(article)
        else:  # only new comments: the kept count (under the same lock) grows by the approved ones
            _count_new(article, sum(result.saved[key].is_approved for key in result.created))
        transaction.on_commit(invalidate_public_pages)
    return result


def _insert_new_threads(comments, batch_size=1000):
    """Number new threads (parents before replies in `comments`) as mptt would and write them
    with multi-row inserts: ids are reserved first, so every reply knows its parent's id and one
    insert takes them all (a tree level at a time where ids cannot be reserved)."""
    if not comments:
        return
    replies = {}
    for comment in comments:
        if comment.parent is not None:
            replies.setdefault(id(comment.parent), []).append(comment)
    lock_tree_ids()
    top_tree_id, ids = _reserve_comment_ids(len(comments))
    tree_id = top_tree_id + 1
    ordered = []
    for root in (comment for comment in comments if comment.parent is None):
        counter = 1
        stack = [(root, 0, False)]
        while stack:
            node, level, closing = stack.pop()
            if closing:
                node.rght, counter = counter, counter + 1
                continue
            node.tree_id, node.level, node.lft, counter = tree_id, level, counter, counter + 1
            node.body_html = node.rendered_body()
            ordered.append(node)
            stack.append((node, level, True))
            stack.extend((child, level + 1, False) for child in reversed(replies.get(id(node), [])))
        tree_id += 1
    if ids is None:  # a level at a time: each reply's parent has its id before the reply goes in
        for depth in range(max(node.level for node in ordered) + 1):
            Comment.objects.bulk_create([node for node in ordered if node.level == depth], batch_size=batch_size)
        return
    for node, pk in zip(ordered, ids, strict=True):  # parents come before their replies here
        node.pk = pk
        node.parent_id = node.parent.pk if node.parent is not None else None
    if connection.vendor == "postgresql":
        _copy_rows(ordered)
    else:
        Comment.objects.bulk_create(ordered, batch_size=batch_size)


def _copy_rows(comments):
    """Write complete comment rows (ids included) with PostgreSQL's COPY: a third of the time of
    a multi-row INSERT, for imports. Every column of Comment is a plain value psycopg adapts."""
    fields = Comment._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {Comment._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for comment in comments:
            copy.write_row([getattr(comment, field.attname) for field in fields])


def _reserve_comment_ids(count):
    """The highest tree id in use, and `count` fresh comment ids (None where the database cannot
    hand them out ahead). The caller holds the tree-id lock."""
    table = Comment._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one round trip for both
            cursor.execute(
                f"SELECT (SELECT COALESCE(MAX(tree_id), 0) FROM {table}), "  # noqa: S608 - our own table name
                "nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            rows = cursor.fetchall()
            return rows[0][0], [row[1] for row in rows]
        top = Comment.objects.aggregate(top=Max("tree_id"))["top"] or 0
        if connection.vendor == "sqlite":
            # Writers are serialised on SQLite (IMMEDIATE transactions), so nobody takes these meanwhile;
            # past the highest id ever handed out, as AUTOINCREMENT would be.
            cursor.execute(
                f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), COALESCE(MAX(id), 0)) FROM {table}",  # noqa: S608 - our own table name
                [table],
            )
            first = cursor.fetchone()[0] + 1
            return top, list(range(first, first + count))
    return top, None


def _update_imported(entry):
    comment = entry.existing
    comment.body = entry.body.strip()
    comment.is_markup = entry.is_markup
    comment.status = entry.status
    comment.full_clean(exclude=TREE_AND_DERIVED_FIELDS)
    comment.save(update_fields=["body", "body_html", "is_markup", "status"])


# What readers see of a comment on its story's page: its text, or "removed" in its place.
SHOWN_ON_THE_PAGE = {Comment.Status.APPROVED, Comment.Status.REMOVED}


def pages_showing_comments_of(article):
    """The addresses that show `article`'s comments: its page, its comment feed and the site's."""
    return [article.get_absolute_url(), reverse("comments:feed-story", args=[article.pk]), reverse("comments:feed")]


def _refresh_story_page(article):
    """For a change made with `update()` (saved and deleted comments are declared in
    comments/apps.py): the pages showing the story's comments go stale after commit, no other
    (the lists' comment counts catch up when their cached copies expire, PAGE_CACHE_SECONDS)."""
    paths = pages_showing_comments_of(article)
    transaction.on_commit(lambda: invalidate_pages(*paths))


def comment_set_status(*, comment, status, by=None):
    """Moderate: approve, mark spam, remove or restore. The node and its replies stay in place."""
    with transaction.atomic():
        lock_article(comment.article)
        comment = Comment.objects.select_related("parent").get(pk=comment.pk)
        if comment.status == status:
            return comment
        became_approved = status == Comment.Status.APPROVED
        audit_record(
            action=AuditEvent.Action.COMMENT_MODERATED,
            obj=comment,
            actor=by,
            from_state=comment.status,
            to_state=status,
        )
        shown_before, previous = comment.status in SHOWN_ON_THE_PAGE, comment.status
        Comment.objects.filter(pk=comment.pk).update(status=status)
        comment.status = status
        moderated = comment
        transaction.on_commit(
            lambda: comment_moderated.send(sender=Comment, comment=moderated, previous=previous, by=by)
        )
        _recount(comment.article)
        if shown_before or status in SHOWN_ON_THE_PAGE:
            _refresh_story_page(comment.article)
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
    audit_record(action=AuditEvent.Action.COMMENT_EDITED, obj=comment, actor=by)
    return comment


def _notify_after_commit(comment, *, became_approved, moderators=True):
    if became_approved and comment.parent_id:
        transaction.on_commit(lambda: notifications.enqueue_reply_notification(comment.pk))
    if moderators and comment.status == Comment.Status.PENDING:
        transaction.on_commit(lambda: notifications.enqueue_moderator_notification(comment.pk))


@transaction.atomic
def moderator_reply(*, comment, body, user):
    """A moderator answers from the admin, as themselves; what they answer is approved first
    (answering a comment publishes it, as in WordPress). The reply is approved as staff's are.
    Both or neither: a reply the model refuses leaves the answered comment as it was."""
    if comment.status != Comment.Status.APPROVED:
        comment = comment_set_status(comment=comment, status=Comment.Status.APPROVED, by=user)
    return comment_create(
        article=comment.article,
        parent=comment,
        user=user,
        body=body,
        author_name=person_name(user)[:100],
        author_email=user.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
    )
