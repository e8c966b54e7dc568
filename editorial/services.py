"""Every write of the editorial workflow: revisions, reviews, schedules, restores, corrections,
shared links. Each records itself in the audit trail in the same transaction."""

import logging

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.services import require_publisher
from audit.models import AuditEvent
from audit.services import audit_record, person_name
from core.times import person_time
from editorial.models import Correction, DraftLink, Revision
from editorial.scheduling import NEXT_KEY, forget_next_change, next_change_at
from editorial.snapshot import apply_snapshot, snapshot

logger = logging.getLogger(__name__)


def latest_saved(article):
    return Revision.objects.saved().filter(article=article).order_by("-created_at", "-pk").first()


def revision_record(article, *, by, status=Revision.Status.SAVED, summary="", based_on=None, apply_at=None, data=None):
    """Record the story's current content (or `data`) as a revision."""
    return Revision.objects.create(
        article=article,
        created_by=by if by is not None and by.is_authenticated else None,
        status=status,
        data=snapshot(article) if data is None else data,
        summary=summary[:300],
        based_on=based_on,
        apply_at=apply_at,
    )


def open_change_of(article, user, pk=None):
    """The change `user` proposed (or scheduled) for `article` and may still edit (their latest,
    or the one numbered `pk`), or None."""
    if not user.is_authenticated:
        return None
    changes = Revision.objects.open_changes().filter(article=article, created_by=user)
    if pk is not None:
        changes = changes.filter(pk=pk)
    return changes.order_by("-created_at", "-pk").first()


def open_change_replace(revision_id, *, article, by, replaced_by):
    """`by` saved the story again from the form showing their open change `revision_id`: that
    change is superseded by `replaced_by` (a newer proposal, schedule or live save). Someone
    else's change, or one dealt with meanwhile, is left as it is."""
    replaced = (
        Revision.objects.open_changes()
        .filter(pk=revision_id, article=article, created_by=by)
        .exclude(pk=replaced_by.pk)
        .select_for_update()
        .first()
    )
    if replaced is None:
        return None
    replaced.status = Revision.Status.SUPERSEDED
    replaced.save(update_fields=["status"])
    if replaced.apply_at is not None:
        forget_next_change()
    return replaced


def changes_submit(article, data, *, by, based_on):
    """A change to a live story by someone who may not publish: kept for review, story untouched."""
    revision = revision_record(
        article, by=by, status=Revision.Status.PENDING, data=data, based_on=based_on, summary=_("Changes for review")
    )
    audit_record(action=AuditEvent.Action.CHANGES_SUBMITTED, obj=article, actor=by, to_state="pending review")
    return revision


def changes_schedule(article, data, *, by, apply_at, based_on):
    require_publisher(by)
    revision = revision_record(
        article,
        by=by,
        status=Revision.Status.SCHEDULED,
        data=data,
        based_on=based_on,
        apply_at=apply_at,
        summary=_("Changes scheduled"),
    )
    audit_record(
        action=AuditEvent.Action.CHANGES_SCHEDULED,
        obj=article,
        actor=by,
        to_state=f"changes at {person_time(apply_at)}",
    )
    forget_next_change()
    return revision


def _lock_open(revision, status):
    locked = (
        Revision.objects.select_for_update(of=("self",)).select_related("article", "created_by").get(pk=revision.pk)
    )
    if locked.status != status:
        raise ValidationError(
            _("These changes were already dealt with (%(status)s).") % {"status": locked.get_status_display()}
        )
    return locked


def is_stale(revision, latest=None):
    """Whether the story was saved after `revision` was made from it: applying it whole would
    undo those later changes. `latest`: the story's latest saved revision, when already read."""
    latest = latest or latest_saved(revision.article)
    return latest is not None and revision.based_on_id is not None and latest.pk != revision.based_on_id


@transaction.atomic
def changes_approve(revision, *, by, note="", replace_later=False):
    """Publish pending changes: the story takes their content, and a new revision records it.
    Changes made from an older version are refused unless the editor says they replace what was
    saved since (`replace_later`), having compared the two."""
    require_publisher(by)
    revision = _lock_open(revision, Revision.Status.PENDING)
    if is_stale(revision) and not replace_later:
        raise ValidationError(
            _(
                "The story was saved after these changes were proposed; publishing them would undo that "
                "later save. Compare them with the live version, then tick “Replace the later changes” "
                "or reject them with a note."
            )
        )
    article = apply_snapshot(revision.article, revision.data)
    revision.status, revision.reviewed_by, revision.reviewed_at, revision.review_note = (
        Revision.Status.APPROVED,
        by,
        timezone.now(),
        note,
    )
    revision.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    saved = revision_record(
        article,
        by=by,
        based_on=revision,
        summary=_("Approved the changes by %(name)s") % {"name": person_name(revision.created_by)},
    )
    audit_record(
        action=AuditEvent.Action.CHANGES_APPROVED,
        obj=article,
        actor=by,
        from_state="pending review",
        to_state="live",
        note=note,
    )
    return saved


@transaction.atomic
def changes_reject(revision, *, by, note):
    """Turn pending changes down, with a note their author sees; the story stays as it is."""
    require_publisher(by)
    if not (note or "").strip():
        raise ValidationError(_("Say why, so the author knows what to change."))
    revision = _lock_open(revision, Revision.Status.PENDING)
    revision.status, revision.reviewed_by, revision.reviewed_at, revision.review_note = (
        Revision.Status.REJECTED,
        by,
        timezone.now(),
        note.strip(),
    )
    revision.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit_record(
        action=AuditEvent.Action.CHANGES_REJECTED,
        obj=revision.article,
        actor=by,
        from_state="pending review",
        to_state="rejected",
        note=note,
    )
    return revision


@transaction.atomic
def scheduled_cancel(revision, *, by):
    require_publisher(by)
    revision = _lock_open(revision, Revision.Status.SCHEDULED)
    revision.status, revision.reviewed_by, revision.reviewed_at = Revision.Status.CANCELLED, by, timezone.now()
    revision.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit_record(
        action=AuditEvent.Action.CHANGES_CANCELLED,
        obj=revision.article,
        actor=by,
        from_state=f"changes at {person_time(revision.apply_at)}",
        to_state="cancelled",
    )
    forget_next_change()
    return revision


def apply_due_changes(*, fresh=False):
    """Apply every scheduled change whose time has come: run before a public page is built
    (core.due), and cheap when none is due (the next time is kept in the cache); `fresh`: ask
    the database, not the cache (a worker's heartbeat does, so changes go live on time even
    when nobody visits and whatever the cache holds)."""
    if fresh:
        if not Revision.objects.due().exists():
            return 0
    else:
        moment = next_change_at()
        if moment is None or moment > timezone.now():
            return 0
    applied = 0
    try:
        for pk in Revision.objects.due().order_by("apply_at", "pk").values_list("pk", flat=True):
            try:
                applied += scheduled_apply(pk)
            except (ValidationError, DatabaseError) as error:
                # One change that cannot apply must not hold up the others, nor be retried on
                # every page: it is set aside, with the reason, for an editor to look at.
                logger.warning("Scheduled change %s could not be applied: %s", pk, error)
                _set_aside(pk, " ".join(getattr(error, "messages", [str(error)])))
    finally:
        cache.delete(NEXT_KEY)
    return applied


def _set_aside(revision_id, reason):
    with transaction.atomic():
        revision = Revision.objects.select_related("article").filter(pk=revision_id).first()
        if revision is None or revision.status != Revision.Status.SCHEDULED:
            return
        revision.status = Revision.Status.CONFLICT
        revision.summary = (_("Not applied at its time: %(reason)s") % {"reason": reason})[:300]
        revision.save(update_fields=["status", "summary"])
        audit_record(action=AuditEvent.Action.CHANGES_NOT_APPLIED, obj=revision.article, actor=None, note=reason)


def scheduled_apply(revision_id):
    """Apply one due scheduled change; False when another request got there first."""
    with transaction.atomic():
        revision = (
            Revision.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("article", "created_by")
            .filter(pk=revision_id, status=Revision.Status.SCHEDULED, apply_at__lte=timezone.now())
            .first()
        )
        if revision is None:
            return False
        if is_stale(revision):
            raise ValidationError(
                _("the story was saved after this change was scheduled, and applying it would undo that save")
            )
        article = apply_snapshot(revision.article, revision.data)
        revision.status = Revision.Status.APPLIED
        revision.save(update_fields=["status"])
        revision_record(
            article,
            by=revision.created_by,
            based_on=revision,
            summary=_("Scheduled changes went live"),
        )
        audit_record(
            action=AuditEvent.Action.CHANGES_APPLIED,
            obj=article,
            actor=None,
            to_state="live",
            note=_("Scheduled by %(name)s") % {"name": person_name(revision.created_by)},
        )
    return True


@transaction.atomic
def revision_restore(revision, *, by):
    """Make the story read as `revision` again, recorded as a new revision. On a live story that
    changes what readers see, so only editors may."""
    article = revision.article
    if article.is_published or article.status == article.Status.PUBLISHED:
        require_publisher(by)
    elif not by.has_perm("articles.change_article"):
        raise PermissionDenied
    article = apply_snapshot(article, revision.data)
    when = timezone.localtime(revision.created_at)
    saved = revision_record(
        article,
        by=by,
        based_on=revision,
        summary=_("Restored the version of %(when)s by %(name)s")
        % {"when": person_time(when), "name": person_name(revision.created_by)},
    )
    audit_record(action=AuditEvent.Action.RESTORE, obj=article, actor=by, note=saved.summary)
    return saved


@transaction.atomic
def correction_add(article, *, by, kind, text):
    require_publisher(by)
    if not article.is_published:
        raise ValidationError(_("Corrections and updates are for published stories."))
    correction = Correction(article=article, kind=kind, text=text.strip(), created_by=by)
    correction.full_clean()
    correction.save()
    audit_record(action=AuditEvent.Action.CORRECTION, obj=article, actor=by, to_state=kind, note=correction.text)
    return correction  # the story's pages go stale by the declaration in editorial/apps.py


@transaction.atomic
def draft_link_create(article, *, by, hours, note=""):
    require_publisher(by)
    if not 1 <= int(hours) <= 24 * 30:
        raise ValidationError(_("Choose between 1 hour and 30 days (720 hours)."))
    link = DraftLink.objects.create(
        article=article, created_by=by, expires_at=timezone.now() + timezone.timedelta(hours=int(hours)), note=note
    )
    audit_record(action=AuditEvent.Action.SHARE, obj=article, actor=by, note=f"{note} ({hours} h)".strip())
    return link


@transaction.atomic
def draft_link_revoke(link, *, by):
    require_publisher(by)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit_record(action=AuditEvent.Action.SHARE_REVOKED, obj=link.article, actor=by, note=link.note)
    return link
