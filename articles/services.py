"""Writes with side effects on articles: publishing and taking back."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from audit.models import AuditEvent
from audit.services import audit_record
from core.times import person_time


def state_of(article):
    """How readers stand with a story: (label, publish time when it is out or scheduled)."""
    if article.status != Article.Status.PUBLISHED:
        return article.get_status_display().lower(), None
    if article.publish_at > timezone.now():
        return f"scheduled for {person_time(article.publish_at)}", article.publish_at
    return "published", article.publish_at


def record_state_change(article, before, *, by):
    """Record in the audit trail what a save did to the story's publication, if anything.
    `before` is `state_of` the story as it was (None for a new story)."""
    was, was_at = before or ("new", None)
    now, now_at = state_of(article)
    if (was, was_at) == (now, now_at):
        return None
    if now_at is None:
        action = AuditEvent.Action.UNPUBLISH if was_at is not None else None
    elif now == "published":
        action = AuditEvent.Action.PUBLISH if was != "published" else AuditEvent.Action.RESCHEDULE
    else:
        action = AuditEvent.Action.RESCHEDULE if was_at is not None else AuditEvent.Action.SCHEDULE
    if action is None:  # draft ↔ in review: not a change readers see
        return None
    return audit_record(action=action, obj=article, actor=by, from_state=was, to_state=now)


def can_publish(user):
    """Whether `user` may change what readers see: publish, unpublish, approve, correct."""
    return user is not None and user.is_active and user.has_perm("articles.publish_article")


def require_publisher(user):
    if not can_publish(user):
        raise PermissionDenied("Only editors may change what readers see.")


@transaction.atomic
def article_publish(*, article, by):
    """Publish now, as `by` (who must have the publish permission). A story that was out before
    keeps its original time (and so its address)."""
    require_publisher(by)
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.is_published:
        return article
    before = state_of(article)
    now = timezone.now()
    if article.first_published_at is None or article.publish_at > now:
        article.publish_at = now
    article.status = Article.Status.PUBLISHED
    article.full_clean()
    article.save()
    record_state_change(article, before, by=by)
    return article


@transaction.atomic
def article_unpublish(*, article, by):
    """Return a story to draft, as `by` (who must have the publish permission): it leaves the
    public site at once."""
    require_publisher(by)
    article = Article.objects.select_for_update().get(pk=article.pk)
    before = state_of(article)
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    record_state_change(article, before, by=by)
    return article


@transaction.atomic
def article_delete(*, article, by):
    """Delete a story for good, leaving its last state and headline in the audit trail."""
    audit_record(
        action=AuditEvent.Action.DELETE, obj=article, actor=by, from_state=state_of(article)[0], to_state="deleted"
    )
    article.delete()
