"""The story's admin page with the editorial workflow: every save recorded as a revision,
changes to live stories reviewed or scheduled, edit conflicts refused without losing a word."""

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles.admin import ArticleAdmin
from articles.models import Article
from articles.services import can_publish
from audit.services import audit_trail
from core.admin_views import ReadOnlyAdminMixin
from core.parsing import to_int
from core.times import person_time
from editorial import admin_views, presence
from editorial.forms import editorial_form
from editorial.models import Revision
from editorial.reopening import reopened_form, reopened_formset
from editorial.services import (
    changes_schedule,
    changes_submit,
    is_stale,
    latest_saved,
    open_change_of,
    open_change_replace,
    revision_record,
)
from editorial.snapshot import snapshot

LIVE, PENDING, SCHEDULED, CONFLICT = "live", "pending", "scheduled", "conflict"
WORKFLOW_FIELDS = ("base_revision", "open_change", "changes_go_live_at")


class EditorialArticleAdmin(ArticleAdmin):
    change_form_template = "admin/editorial/article/change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The workflow's fields are the form's own, not the model's.
        fields = kwargs.get("fields") or flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [name for name in fields if name not in WORKFLOW_FIELDS]
        form = super().get_form(request, obj, change, **kwargs)
        # The version the editor starts from travels with the form (only a form being shown needs it).
        latest = latest_saved(obj) if obj is not None and request.method == "GET" else None
        open_change = getattr(request, "open_change_shown", None)
        if open_change is not None:
            form = reopened_form(form, open_change.data)
        return editorial_form(
            form,
            base_revision=latest.pk if latest else None,
            can_schedule=self._can_schedule(request, obj),
            open_change=open_change,
        )

    def get_formsets_with_inlines(self, request, obj=None):
        open_change = getattr(request, "open_change_shown", None)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield (reopened_formset(formset, open_change.data) if open_change else formset), inline

    @staticmethod
    def _can_schedule(request, obj):
        return obj is not None and obj.is_published and can_publish(request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": list(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]
        fieldsets[0][1]["fields"] += ["base_revision", "open_change"]
        if self._can_schedule(request, obj):
            fieldsets.insert(3, (_("Schedule changes"), {"fields": ["changes_go_live_at"], "classes": ["side"]}))
        return fieldsets

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            article = self.get_object(request, object_id)
            if article is None or not self.has_view_or_change_permission(request, article):
                return super().change_view(request, object_id, form_url, extra_context)
            latest = latest_saved(article)
            if latest is None:
                # Stories from before revisions were kept get their first one now.
                latest = revision_record(article, by=None, summary=_("The version before revisions were kept"))
            others = presence.seen(article, request.user)
            # The author of a change awaiting review or scheduled goes on editing it, not the live
            # version, unless the story was saved since (editing the old change would silently
            # undo that save): then the form shows the live version and the banner says why.
            open_change = open_change_of(article, request.user)
            if open_change is not None:
                stale = is_stale(open_change, latest)
                extra_context = {"open_change": open_change, "open_change_stale": stale, **(extra_context or {})}
                request.open_change_shown = None if stale else open_change
        else:
            # A save that succeeds redirects; what the form shows is read only if it comes back
            # (with the banner of the change it was editing, when it was one's own).
            article = SimpleLazyObject(lambda: self.get_object(request, object_id))
            others = []
            posted = to_int(request.POST.get("open_change"))
            extra_context = {
                "open_change": SimpleLazyObject(lambda: posted and open_change_of(article, request.user, pk=posted)),
                **(extra_context or {}),
            }
        return self._change_view_shown(request, object_id, article, others, form_url, extra_context or {})

    def _change_view_shown(self, request, object_id, article, others, form_url, extra_context):
        context = {
            "editorial": SimpleLazyObject(lambda: admin_views.change_form_context(request, article)),
            "others_editing": others,
            "audit_events": SimpleLazyObject(lambda: list(audit_trail(article)[:15])),
            **extra_context,
        }
        return super().change_view(request, object_id, form_url, context)

    # Saving: decide what this save means before anything is written.
    def save_model(self, request, obj, form, change):
        request.editorial = self._decide(request, obj, form, change)
        if request.editorial["decision"] != LIVE:
            request.editorial["savepoint"] = transaction.savepoint()
        super().save_model(request, obj, form, change)

    def _decide(self, request, obj, form, change):
        if not change:
            return {"decision": LIVE, "base": None}
        # Locked until this save commits: a second save of the same story waits here, then sees
        # the first one's revision and is refused as a conflict.
        stored = Article.objects.select_for_update().only("status", "publish_at").get(pk=obj.pk)
        base_id = form.cleaned_data.get("base_revision")
        latest = latest_saved(stored)
        if base_id and latest is not None and latest.pk == base_id:
            base = latest
        else:
            base = Revision.objects.filter(pk=base_id, article=stored).first() if base_id else None
        # The form says which version the editor started from; a newer one means someone saved
        # meanwhile. (A post that names none, from a script, is not checked.)
        if base_id and latest is not None and latest.pk != base_id:
            return {"decision": CONFLICT, "base": base, "latest": latest}
        if stored.status == Article.Status.PUBLISHED and not can_publish(request.user):
            return {"decision": PENDING, "base": base}
        if form.cleaned_data.get("changes_go_live_at") and stored.is_published:
            return {"decision": SCHEDULED, "base": base, "apply_at": form.cleaned_data["changes_go_live_at"]}
        return {"decision": LIVE, "base": base}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        state = request.editorial
        article = form.instance
        if state["decision"] == LIVE:
            state["revision"] = revision_record(article, by=request.user, based_on=state["base"])
        else:
            # Not for readers yet: take what the save made, then undo it.
            data = snapshot(article)
            transaction.savepoint_rollback(state["savepoint"])
            state["revision"] = self._kept_aside(request, article, data, state)
        if state["decision"] != CONFLICT and form.cleaned_data.get("open_change"):
            # The form showed the author's own open change: this save replaces it.
            open_change_replace(
                form.cleaned_data["open_change"], article=article, by=request.user, replaced_by=state["revision"]
            )

    @staticmethod
    def _kept_aside(request, article, data, state):
        """The revision a save that does not go live leaves: for review, scheduled, or a conflict."""
        if state["decision"] == PENDING:
            return changes_submit(article, data, by=request.user, based_on=state["base"])
        if state["decision"] == SCHEDULED:
            return changes_schedule(article, data, by=request.user, apply_at=state["apply_at"], based_on=state["base"])
        return Revision.objects.create(
            article=article,
            created_by=request.user,
            status=Revision.Status.CONFLICT,
            data=data,
            based_on=state["base"],
            summary=_("Not saved: the story changed since this edit began"),
        )

    def response_change(self, request, obj):
        state = getattr(request, "editorial", {"decision": LIVE})
        if state["decision"] == LIVE:
            return super().response_change(request, obj)
        revision = state["revision"]
        if state["decision"] == PENDING:
            self.message_user(
                request,
                _("Your changes are waiting for an editor's review; readers still see the published version."),
                messages.WARNING,
            )
        elif state["decision"] == SCHEDULED:
            when = timezone.localtime(revision.apply_at)
            self.message_user(
                request,
                _("Your changes go live at %(when)s; until then readers see the current version.")
                % {"when": person_time(when)},
                messages.SUCCESS,
            )
        else:
            latest = state["latest"]
            who = latest.by_name
            self.message_user(
                request,
                _(
                    "Not saved: %(who)s saved this story at %(when)s, after you opened it. Your version is kept "
                    "as a revision: compare it below with theirs and bring over what you need."
                )
                % {"who": who, "when": f"{timezone.localtime(latest.created_at):%H:%M}"},
                messages.ERROR,
            )
            url = reverse("admin:articles_article_revision", args=[obj.pk, revision.pk]) + f"?against={latest.pk}"
            return HttpResponseRedirect(url)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/revisions/", view(admin_views.history), name="articles_article_history_revisions"),
            path("<int:pk>/revisions/<int:rev>/", view(admin_views.revision), name="articles_article_revision"),
            path(
                "<int:pk>/revisions/<int:rev>/<str:action>/",
                view(admin_views.revision_action),
                name="articles_article_revision_action",
            ),
            path("<int:pk>/corrections/", view(admin_views.add_correction), name="articles_article_correction"),
            path("<int:pk>/share/", view(admin_views.share), name="articles_article_share"),
            path("<int:pk>/share/<int:link>/revoke/", view(admin_views.revoke), name="articles_article_share_revoke"),
            path("<int:pk>/presence/", view(admin_views.presence_ping), name="articles_article_presence"),
            *super().get_urls(),
        ]


admin.site.unregister(Article)
admin.site.register(Article, EditorialArticleAdmin)


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """ "Changes awaiting review": the queue editors work from (read-only; review on each story)."""

    # The story's name is the link to review the change (what it changes under it): the first
    # column, never pushed off a 1,280 px screen.
    list_display = ["change", "status", "created_by", "created_at", "apply_at"]
    list_display_links = None
    list_filter = ["status", "created_at"]
    search_fields = ["article__headline", "summary"]
    list_select_related = ["article", "created_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(status=Revision.Status.SAVED)

    @admin.display(description=_("Change"), ordering="article__headline")
    def change(self, revision):
        url = reverse("admin:articles_article_revision", args=[revision.article_id, revision.pk])
        verb = _("Review") if revision.status == "pending" else _("See")
        return format_html(
            '<a href="{}"><strong>{}</strong></a> <a href="{}">{}</a><br><small>{}</small>',
            url,
            revision.article.headline,
            url,
            verb,
            revision.summary,
        )

    def has_module_permission(self, request):
        return can_publish(request.user)

    def has_view_permission(self, request, obj=None):
        return can_publish(request.user)

    def changelist_view(self, request, extra_context=None):
        if "status__exact" not in request.GET and not request.GET.get("_changelist_filters"):
            return HttpResponseRedirect(request.path + "?status__exact=pending")
        return super().changelist_view(request, extra_context)
