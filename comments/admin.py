from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments.models import Comment
from comments.services import comment_edit, comment_set_status
from comments.threads import comment_url


def moderation_action(name, status, description, done):
    """An admin action that sets the selected comments to `status` (through the service)."""

    @admin.action(description=description, permissions=["moderate"])
    def action(modeladmin, request, queryset):
        modeladmin.moderate(request, queryset, status, done)

    action.__name__ = name
    return action


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["indented_excerpt", "author_name", "article", "status", "created_at", "on_site"]
    list_filter = ["status", ("article", admin.RelatedOnlyFieldListFilter), "created_at"]
    search_fields = ["author_name", "author_email", "body", "ip_hash"]
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

    @admin.display(description=_("Comment"))
    def indented_excerpt(self, comment):
        return format_html(
            '<span style="padding-left:{}em;display:inline-block">{}{}</span>',
            comment.level * 1.5,
            "↳ " if comment.level else "",
            Truncator(comment.body).chars(90),
        )

    @admin.display(description=_("On the site"))
    def on_site(self, comment):
        if comment.status not in (Comment.Status.APPROVED, Comment.Status.REMOVED):
            return "—"
        return format_html('<a href="{}" target="_blank">{}</a>', comment_url(comment), _("View"))

    def changelist_view(self, request, extra_context=None):
        pending = Comment.objects.awaiting_moderation().count()
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
        for comment in queryset.select_related("article"):
            comment_set_status(comment=comment, status=status, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d comment %(done)s.", "%(count)d comments %(done)s.", count)
            % {"count": count, "done": done},
            messages.SUCCESS,
        )

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")
