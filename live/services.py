"""Every write to a live story goes through here: posting an update (at once, scheduled, or waiting
for an editor under the story's review rule), publishing a waiting one, correcting, deleting,
ending the coverage. Each is audited; each makes stale only that story's page and its
"anything newer?" answers (one address version, core/pagecache/versions.py)."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.people import author_profile_for
from articles.services import can_publish
from audit.models import AuditEvent
from audit.services import audit_record
from core.pagecache import invalidate_pages, new_epoch
from editorial.models import Correction
from live.models import NEXT_UPDATE_KEY, LiveCoverage, LiveUpdate


def version_key(article_id):
    """Where the story's live version is kept: part of every kept "anything newer?" answer's key
    (live/views.py), moved on by every change, so no stale answer is ever found."""
    return f"live:version:{article_id}"


def story_address(update):
    return update.coverage.article.get_absolute_url()


def answers_stale(update):
    """The story's kept "anything newer?" answers are stale (after commit)."""
    cache.set(version_key(update.coverage.article_id), new_epoch(), None)


def _refresh(coverage):
    """For changes made with `update()` (no signal: saved and deleted updates are declared in
    live/apps.py): that story's page (all its ?page=N copies) and its "anything newer?" answers
    are stale; no other page."""
    path, article_id = coverage.article.get_absolute_url(), coverage.article_id

    def stale():
        invalidate_pages(path)
        cache.set(version_key(article_id), new_epoch(), None)

    transaction.on_commit(stale)


def _require_writer(user):
    if user is None or not user.has_perm("live.add_liveupdate"):
        raise PermissionDenied(_("You may not post to live stories."))


@transaction.atomic
def update_post(*, coverage, by, body, headline="", is_key=False, publish_at=None):
    """Post an update. Editors' updates (and Reporters' where the story allows it) go out at
    `publish_at` (now when not given); other updates wait for an editor. Two people posting at
    once each add their own row: nothing is lost."""
    _require_writer(by)
    direct = can_publish(by) or coverage.reporters_post_directly
    update = LiveUpdate(
        coverage=coverage,
        headline=headline.strip(),
        body=body,
        is_key=is_key and can_publish(by),  # choosing what readers see first is an editor's call
        status=LiveUpdate.Status.PUBLISHED if direct else LiveUpdate.Status.PENDING,
        publish_at=publish_at or timezone.now(),
        created_by=by,
    )
    update.full_clean(exclude=["coverage", "created_by"])
    update.save()
    update.authors.set([author_profile_for(by)])
    audit_record(
        action=AuditEvent.Action.LIVE_UPDATE_POSTED, obj=coverage.article, actor=by, to_state=update.status,
        note=update.headline or update.body[:200],
    )  # fmt: skip
    if update.status == LiveUpdate.Status.PUBLISHED and update.publish_at > timezone.now():
        transaction.on_commit(lambda: cache.delete(NEXT_UPDATE_KEY))  # pages must not be kept past its time
    return update


@transaction.atomic
def update_publish(update, *, by):
    """An editor sends a waiting update out."""
    if not can_publish(by):
        raise PermissionDenied(_("Only editors publish updates that wait for review."))
    if update.status != LiveUpdate.Status.PUBLISHED:
        LiveUpdate.objects.filter(pk=update.pk).update(status=LiveUpdate.Status.PUBLISHED, publish_at=timezone.now())
        audit_record(action=AuditEvent.Action.LIVE_UPDATE_PUBLISHED, obj=update.coverage.article, actor=by)
        _refresh(update.coverage)
    return LiveUpdate.objects.get(pk=update.pk)


@transaction.atomic
def update_correct(update, *, by, text):
    """Correct a published update: the note shows on the update and in the story's corrections
    ledger (/corrections/), and the audit trail records it."""
    if not can_publish(by):
        raise PermissionDenied(_("Only editors correct what readers have seen."))
    text = text.strip()
    LiveUpdate.objects.filter(pk=update.pk).update(correction=text, corrected_at=timezone.now())
    article = update.coverage.article
    Correction.objects.create(article=article, kind=Correction.Kind.CORRECTION, text=text, created_by=by)
    audit_record(action=AuditEvent.Action.CORRECTION, obj=article, actor=by, to_state="live update", note=text)
    _refresh(update.coverage)
    return LiveUpdate.objects.get(pk=update.pk)


@transaction.atomic
def update_delete(update, *, by):
    if not can_publish(by):
        raise PermissionDenied(_("Only editors take updates off a live story."))
    coverage = update.coverage
    audit_record(
        action=AuditEvent.Action.LIVE_UPDATE_DELETED, obj=coverage.article, actor=by,
        note=update.headline or update.body[:200],
    )  # fmt: skip
    update.delete()


@transaction.atomic
def coverage_end(coverage, *, by):
    if not can_publish(by):
        raise PermissionDenied(_("Only editors end live coverage."))
    LiveCoverage.objects.filter(pk=coverage.pk).update(ended_at=timezone.now())
    audit_record(action=AuditEvent.Action.LIVE_ENDED, obj=coverage.article, actor=by)
    _refresh(coverage)


def later_than(moment, pk):
    """Updates shown after the one at (`moment`, `pk`), in the order pages list them."""
    return Q(publish_at__gt=moment) | Q(publish_at=moment, pk__gt=pk)


def newer_than(coverage, after_id):
    """The shown updates a reader who has `after_id` as their newest does not have, newest first."""
    shown = coverage.updates.shown()
    last = shown.filter(pk=after_id).values_list("publish_at", "pk").first() if after_id else None
    if last is None:
        return list(shown.order_by("-publish_at", "-pk")[:50]) if not after_id else []
    return list(shown.filter(later_than(*last)).order_by("-publish_at", "-pk")[:50])
