"""The workflow's own admin pages for a story: history and diffs, review, restore, corrections,
shared draft links and who else is editing. Every view checks permissions itself."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.services import can_publish
from core.addresses import absolute
from core.parsing import to_int
from editorial import presence, services
from editorial.diff import diff
from editorial.forms import CorrectionForm, ReviewForm, ShareForm
from editorial.models import DraftLink, Revision
from editorial.sharing import draft_link_url


def _article(request, pk, perm="articles.view_article"):
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return get_object_or_404(Article, pk=unquote(str(pk)))


def _context(request, article, **extra):
    return {
        **admin.site.each_context(request),
        "opts": Article._meta,
        "original": article,
        "article": article,
        "can_publish": can_publish(request.user),
        **extra,
    }


def change_form_context(request, article):
    """What the story's change form shows above the fields."""
    revisions = Revision.objects.filter(article=article).select_related("created_by")
    mine_reviewed = revisions.filter(created_by=request.user, status=Revision.Status.REJECTED).order_by("-reviewed_at")
    # The change the form itself shows (its author's own) is the banner above, not listed again.
    shown = getattr(request, "open_change_shown", None)
    revisions_listed = revisions.exclude(pk=shown.pk) if shown else revisions
    return {
        "pending": list(revisions_listed.pending()),
        "scheduled": list(revisions_listed.scheduled()),
        "rejected_mine": list(mine_reviewed[:3]),
        "corrections": list(article.corrections.all()),
        "correction_form": CorrectionForm() if article.is_published else None,
        "links": list(article.draft_links.all()[:10]),
        "share_form": ShareForm() if not article.is_published else None,
        "can_publish": can_publish(request.user),
    }


def history(request, pk):
    article = _article(request, pk)
    left, right = to_int(request.GET.get("left")), to_int(request.GET.get("right"))
    if left is not None and right is not None:
        # "Compare the two chosen": the later one's page, against the other.
        chosen = Revision.objects.filter(article=article, pk__in=[left, right]).order_by("created_at", "pk")
        if len(chosen) == 2:
            url = reverse("admin:articles_article_revision", args=[article.pk, chosen[1].pk])
            return redirect(f"{url}?against={chosen[0].pk}")
    revisions = list(Revision.objects.filter(article=article).select_related("created_by", "reviewed_by"))
    context = _context(
        request,
        article,
        title=_("History of “%(headline)s”") % {"headline": article},
        revisions=revisions,
    )
    return TemplateResponse(request, "admin/editorial/article/history.html", context)


def revision(request, pk, rev):
    """One revision: what it changed (against the version it started from, the live story, or
    any revision given as ?against=), and what can be done with it."""
    article = _article(request, pk)
    revision = get_object_or_404(Revision.objects.select_related("created_by", "reviewed_by"), pk=rev, article=article)
    against = _against(request, article, revision)
    context = _context(
        request,
        article,
        title=_("Revision of “%(headline)s”") % {"headline": article},
        revision=revision,
        against=against,
        changes=diff(against.data if against else {}, revision.data),
        review_form=ReviewForm(),
        stale=revision.status == Revision.Status.PENDING and services.is_stale(revision),
    )
    return TemplateResponse(request, "admin/editorial/article/revision.html", context)


def _against(request, article, revision):
    wanted = to_int(request.GET.get("against"))
    if wanted is not None:
        return Revision.objects.filter(pk=wanted, article=article).first()
    if revision.status in (Revision.Status.PENDING, Revision.Status.SCHEDULED, Revision.Status.CONFLICT):
        return services.latest_saved(article)
    return (
        Revision.objects.saved()
        .filter(article=article, created_at__lte=revision.created_at)
        .exclude(pk=revision.pk)
        .order_by("-created_at", "-pk")
        .first()
    )


ACTIONS = {
    "restore": lambda revision, user, note, replace_later: services.revision_restore(revision, by=user),
    "approve": lambda revision, user, note, replace_later: services.changes_approve(
        revision, by=user, note=note, replace_later=replace_later
    ),
    "reject": lambda revision, user, note, replace_later: services.changes_reject(revision, by=user, note=note),
    "cancel": lambda revision, user, note, replace_later: services.scheduled_cancel(revision, by=user),
}
DONE = {
    "restore": _("Restored: the story reads as that revision again (recorded as a new revision)."),
    "approve": _("The changes are published."),
    "reject": _("The changes were turned down; their author sees your note."),
    "cancel": _("The scheduled change is cancelled."),
}


@require_POST
def revision_action(request, pk, rev, action):
    if action not in ACTIONS:
        raise Http404
    article = _article(request, pk, "articles.change_article")
    revision = get_object_or_404(Revision, pk=rev, article=article)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        ACTIONS[action](revision, request.user, note, request.POST.get("replace_later") == "on")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("admin:articles_article_revision", args=[article.pk, revision.pk]))
    messages.success(request, DONE[action])
    return redirect(reverse("admin:articles_article_change", args=[article.pk]))


@require_POST
def add_correction(request, pk):
    article = _article(request, pk, "articles.change_article")
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.correction_add(article, by=request.user, **form.cleaned_data)
            messages.success(request, _("Added: it is shown on the story and on the corrections page."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(
            request, _("Not added: %(errors)s") % {"errors": " ".join(m for ms in form.errors.values() for m in ms)}
        )
    return redirect(reverse("admin:articles_article_change", args=[article.pk]) + "#corrections")


@require_POST
def share(request, pk):
    article = _article(request, pk, "articles.change_article")
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    else:
        try:
            link = services.draft_link_create(article, by=request.user, **form.cleaned_data)
            messages.success(request, _("Share this address: %(url)s") % {"url": absolute(draft_link_url(link))})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(reverse("admin:articles_article_change", args=[article.pk]) + "#shared-links")


@require_POST
def revoke(request, pk, link):
    article = _article(request, pk, "articles.change_article")
    services.draft_link_revoke(get_object_or_404(DraftLink, pk=link, article=article), by=request.user)
    messages.success(request, _("The link no longer opens the draft."))
    return redirect(reverse("admin:articles_article_change", args=[article.pk]) + "#shared-links")


@require_POST
def presence_ping(request, pk):
    article = _article(request, pk, "articles.change_article")
    return JsonResponse({"others": presence.seen(article, request.user)})
