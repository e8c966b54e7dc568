"""Posting from the public form: the request-level checks, then `comment_create`."""

import datetime
import math

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Article
from comments.models import Comment
from comments.services import comment_create, lock_article
from core.clients import hash_ip
from core.parsing import to_int


class CommentRefused(Exception):
    """A post that must not become a comment; `status` is the HTTP status to answer with."""

    def __init__(self, message, *, code, status, field=None):
        super().__init__(message)
        self.message, self.code, self.status, self.field = message, code, status, field


def comments_closed(article):
    """Why readers cannot comment on `article` now, or None when they can."""
    if not article.comments_enabled:
        return _("Comments are closed on this story.")
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days and article.publish_at < timezone.now() - datetime.timedelta(days=days):
        return _("Comments are closed on this story: they close %(days)s days after publication.") % {"days": days}
    return None


def find_parent(article, parent_id):
    """The approved comment of `article` being replied to; refuses anything else."""
    if parent_id in (None, ""):
        return None
    parent = Comment.objects.approved().filter(pk=to_int(parent_id, 0), article=article).first()
    if parent is None:
        raise CommentRefused(
            _(
                "The comment you are replying to is not available any more. Your text is below; post it as a new comment?"
            ),
            code="bad_parent",
            status=400,
        )
    return parent


def comment_submit(*, article, data, ip_address, user_agent, user):
    """Run the checks a public post needs, then create the comment. Raises CommentRefused."""
    if not Article.objects.published().filter(pk=article.pk).exists():
        raise CommentRefused(_("This story is not published."), code="not_published", status=404)
    closed = comments_closed(article)
    if closed:
        raise CommentRefused(closed, code="closed", status=403)
    with transaction.atomic():
        # The lock also serialises a reader's double click, so the duplicate check sees the first.
        lock_article(article)
        parent = find_parent(article, data.get("parent"))
        is_staff = user is not None and user.is_authenticated and user.is_staff
        if not is_staff:
            _check_flood(ip_address, data["email"])
        _check_duplicate(article, data["email"], data["body"])
        return comment_create(
            article=article,
            parent=parent,
            body=data["body"],
            author_name=data["name"],
            author_email=data["email"],
            author_url=data.get("url") or "",
            notify_replies=bool(data.get("notify_replies")),
            ip_address=ip_address,
            user_agent=user_agent,
            user=user,
        )


def _check_flood(ip_address, email):
    since = timezone.now() - datetime.timedelta(seconds=settings.COMMENTS_FLOOD_SECONDS)
    recent = Comment.objects.filter(created_at__gte=since)
    ip_hash = hash_ip(ip_address)
    mine = recent.filter(author_email__iexact=email)
    if ip_hash:
        mine = mine | recent.filter(ip_hash=ip_hash)
    last = mine.order_by("-created_at").values_list("created_at", flat=True).first()
    if last is not None:
        wait = max(1, math.ceil((last - since).total_seconds()))
        raise CommentRefused(
            ngettext(
                "You are posting comments too quickly. Wait %(seconds)d second and send it again; "
                "your text is kept below.",
                "You are posting comments too quickly. Wait %(seconds)d seconds and send it again; "
                "your text is kept below.",
                wait,
            )
            % {"seconds": wait},
            code="flood",
            status=429,
        )


def _check_duplicate(article, email, body):
    if Comment.objects.filter(article=article, author_email__iexact=email, body=body.strip()).exists():
        raise CommentRefused(
            _("You have already posted this comment on this story."), code="duplicate", status=409, field="body"
        )
