import re
from urllib.parse import urlsplit

from django import forms
from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments.models import Comment
from comments.services import comment_edit, comment_set_status, moderator_reply
from core.admin_filters import AUTOCOMPLETE_FILTER_MEDIA, AutocompleteFilter
from core.pagination import BoundedAdminPagination
from core.times import person_time

# The title counts comments awaiting moderation this far, then says "more than".
PENDING_COUNTED = 1000
# Words (not an e-mail address or IP hash) are looked for among this many newest comments.
SEARCHED_RECENTLY = 100_000
IP_HASH = re.compile(r"[0-9a-f]{64}")

# The buttons on each row of the list: action name → (status it sets, its label, what was done).
ROW_ACTIONS = {
    "approve": (Comment.Status.APPROVED, _("Approve"), _("approved")),
    "spam": (Comment.Status.SPAM, _("Spam"), _("marked as spam")),
    "remove": (Comment.Status.REMOVED, _("Remove"), _("removed")),
}


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 6, "cols": 70}))


def moderation_action(name, status, description, done):
    """An admin action that sets the selected comments to `status` (through the service)."""

    @admin.action(description=description, permissions=["moderate"])
    def action(modeladmin, request, queryset):
        modeladmin.moderate(request, queryset, status, done)

    action.__name__ = name
    return action


@admin.register(Comment)
class CommentAdmin(BoundedAdminPagination, admin.ModelAdmin):
    # A moderator's queue at 1280 px: the whole text, who and where, the status, and the actions.
    list_display = ["comment_text", "author", "story", "status_and_time", "row_actions"]
    list_display_links = None
    # Filters and the count stay bounded with ten million comments: the story is typed, not listed,
    # and the list counts only as far as its page links reach (core/pagination.py).
    list_filter = ["status", ("article", AutocompleteFilter), "created_at"]
    search_fields = ["author_name", "author_email", "body", "ip_hash"]  # as get_search_results reads them
    list_select_related = ["article"]
    list_per_page = 100
    ordering = ["-tree_id", "lft"]
    actions = [
        moderation_action("approve", Comment.Status.APPROVED, _("Approve"), _("approved")),
        moderation_action("mark_spam", Comment.Status.SPAM, _("Mark as spam"), _("marked as spam")),
        moderation_action("remove", Comment.Status.REMOVED, _("Remove (keeps the replies)"), _("removed")),
        moderation_action("restore", Comment.Status.APPROVED, _("Restore"), _("restored")),
    ]
    readonly_fields = [
        "article",
        "parent",
        "author_name",
        "author_email",
        "author_url",
        "status",
        "created_at",
        "edited_at",
        "ip_hash",
        "user_agent",
        "user",
        "on_site",
    ]
    fields = [
        "article",
        "parent",
        "status",
        "author_name",
        "author_email",
        "author_url",
        "body",
        "created_at",
        "edited_at",
        "notify_replies",
        "ip_hash",
        "user_agent",
        "user",
        "on_site",
    ]

    def has_add_permission(self, request):
        return False  # comments are posted on the site

    def has_delete_permission(self, request, obj=None):
        return False  # moderation removes, never deletes: replies keep their place

    class Media:
        js = AUTOCOMPLETE_FILTER_MEDIA["js"]
        css = {"all": [*AUTOCOMPLETE_FILTER_MEDIA["css"]["all"], "css/admin_moderation.css"]}

    @admin.display(description=_("Comment"))
    def comment_text(self, comment):
        # Replies are indented (a few levels at most, so deep threads keep their width).
        return format_html(
            '<div class="moderation__text" style="margin-left:{}em">{}{}</div>'
            '<a class="moderation__open" href="{}">{}</a>',
            min(comment.level, 4) * 1.5,
            "↳ " if comment.level else "",
            linebreaksbr(comment.body),
            reverse("admin:comments_comment_change", args=[comment.pk]),
            _("Open"),
        )

    @admin.display(description=_("Author"), ordering="author_name")
    def author(self, comment):
        return format_html('{}<br><span class="moderation__email">{}</span>', comment.author_name, comment.author_email)

    @admin.display(description=_("Story"), ordering="article__headline")
    def story(self, comment):
        return format_html("{}{}", comment.article.headline, self.on_site(comment, prefix=" · "))

    @admin.display(description=_("Status"), ordering="created_at")
    def status_and_time(self, comment):
        return format_html(
            '<span class="moderation__status moderation__status--{}">{}</span><br>{}',
            comment.status,
            comment.get_status_display(),
            person_time(comment.created_at),
        )

    @admin.display(description=_("Actions"))
    def row_actions(self, comment):
        """One-click moderation from the list: buttons of the changelist form posting to a row URL."""
        buttons = [
            format_html(
                '<button type="submit" class="button moderation__action" formaction="{}" formmethod="post" '
                'aria-label="{} {}">{}</button>',
                reverse("admin:comments_comment_moderate", args=[comment.pk, name]),
                label,
                _("comment %(id)s") % {"id": comment.pk},
                label,
            )
            for name, (status, label, _done) in ROW_ACTIONS.items()
            if status != comment.status
        ]
        reply = format_html(
            '<a class="button moderation__action" href="{}">{}</a>',
            reverse("admin:comments_comment_reply", args=[comment.pk]),
            _("Reply"),
        )
        return format_html_join("", "{}", ((button,) for button in buttons)) + reply

    @admin.display(description=_("On the site"))
    def on_site(self, comment, prefix=""):
        if comment.status not in (Comment.Status.APPROVED, Comment.Status.REMOVED):
            return "—" if not prefix else ""
        # The permalink finds the comment's page when followed, not for every row of the list.
        return format_html('{}<a href="{}" target="_blank">{}</a>', prefix, comment.get_absolute_url(), _("View"))

    def get_search_results(self, request, queryset, search_term):
        """An e-mail address or an IP hash finds every comment it wrote, through their indexes;
        other words are looked for in the names and text of the newest SEARCHED_RECENTLY comments
        (a moderator hunts this week's spam; reading ten million bodies takes seconds)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        if "@" in term:
            return queryset.filter(author_email__in={term, term.lower()}), False
        if IP_HASH.fullmatch(term):
            return queryset.filter(ip_hash=term), False
        newest = Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        recent = queryset.filter(pk__gt=newest - SEARCHED_RECENTLY)
        for word in term.split():
            recent = recent.filter(Q(author_name__icontains=word) | Q(body__icontains=word))
        return recent, False

    def changelist_view(self, request, extra_context=None):
        pending = Comment.objects.awaiting_moderation().order_by()[: PENDING_COUNTED + 1].count()
        if pending > PENDING_COUNTED:
            title = _("Comments — more than %(count)s awaiting moderation") % {"count": intcomma(PENDING_COUNTED)}
        else:
            title = ngettext(
                "Comments — %(count)d awaiting moderation", "Comments — %(count)d awaiting moderation", pending
            ) % {"count": pending}
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def save_model(self, request, obj, form, change):
        if "body" in form.changed_data:
            comment_edit(comment=obj, body=form.cleaned_data["body"], by=request.user)
        if "notify_replies" in form.changed_data:
            Comment.objects.filter(pk=obj.pk).update(notify_replies=obj.notify_replies)

    def moderate(self, request, queryset, status, done):
        # Counted as they are changed: counting the (filtered) selection afterwards found none left
        # in a "pending" list just approved ("0 comments approved").
        count = 0
        for comment in queryset.select_related("article"):
            comment_set_status(comment=comment, status=status, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d comment %(done)s.", "%(count)d comments %(done)s.", count)
            % {"count": count, "done": done},
            messages.SUCCESS,
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/moderate/<str:action>/", view(self.moderate_one), name="comments_comment_moderate"),
            path("<int:pk>/reply/", view(self.reply_view), name="comments_comment_reply"),
            *super().get_urls(),
        ]

    def moderate_one(self, request, pk, action):
        """A row's button: set one comment's status, then back to the list as it was filtered."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        if action not in ROW_ACTIONS:
            raise Http404
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        status, _label, done = ROW_ACTIONS[action]
        comment_set_status(comment=comment, status=status, by=request.user)
        self.message_user(request, _("Comment by %(name)s %(done)s.") % {"name": comment.author_name, "done": done})
        return HttpResponseRedirect(self.safe_back(request, request.META.get("HTTP_REFERER")))

    @staticmethod
    def safe_back(request, url):
        """Where to return after a row's action: the list as the moderator had it filtered. Only an
        address on this site, with a path (anything else, "12345" say, is not a place to go back to)."""
        on_this_site = url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})
        if on_this_site and urlsplit(url).path.startswith("/"):
            return url
        return reverse("admin:comments_comment_changelist")

    def reply_view(self, request, pk):
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        form = ReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                moderator_reply(comment=comment, body=form.cleaned_data["body"], user=request.user)
            except ValidationError as error:
                for message in getattr(error, "message_dict", {}).get("body", error.messages):
                    form.add_error("body", message)
            else:
                self.message_user(request, _("Your reply to %(name)s is on the site.") % {"name": comment.author_name})
                return HttpResponseRedirect(self.safe_back(request, request.POST.get("back")))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Reply to %(name)s") % {"name": comment.author_name},
            "comment": comment,
            "form": form,
            "back": self.safe_back(request, request.POST.get("back") or request.META.get("HTTP_REFERER")),
        }
        return TemplateResponse(request, "admin/comments/reply.html", context)

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")
