import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from articles.models import Article
from comments.rendering import format_body, format_markup


def validate_no_control_characters(value):
    """Names are one line of visible text: a line break or another control character in one
    breaks the e-mail headers it goes into."""
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValidationError(
            _("Use letters, numbers and punctuation only: no line breaks or control characters."),
            code="control_characters",
        )


def body_max_length():
    """The longest comment body, in characters: settings.COMMENTS_MAX_LENGTH, the one source
    the form, the model and the importer all read."""
    return settings.COMMENTS_MAX_LENGTH


class CommentQuerySet(TreeQuerySet):
    def approved(self):
        """What every reader sees."""
        return self.filter(status=Comment.Status.APPROVED)

    def awaiting_moderation(self):
        return self.filter(status=Comment.Status.PENDING)

    def visible_to(self, own_pending_ids=()):
        """What one reader sees: approved comments, and their own that await moderation
        (`own_pending_ids`, from their signed cookie)."""
        if not own_pending_ids:
            return self.approved()
        own = Q(status=Comment.Status.PENDING, pk__in=list(own_pending_ids))
        return self.filter(Q(status=Comment.Status.APPROVED) | own)


class CommentManager(TreeManager.from_queryset(CommentQuerySet)):
    pass


class StatusReading:
    """What a comment's status says: for the model and for the rows a thread is shown from
    (comments.threads.ThreadNode)."""

    __slots__ = ()

    @property
    def is_approved(self):
        return self.status == Comment.Status.APPROVED

    @property
    def is_pending(self):
        return self.status == Comment.Status.PENDING


class Comment(StatusReading, MPTTModel):
    """A reader's comment: a node of its thread's tree (one tree per top-level comment).

    Tree fields are written only by comments.services, under the article's lock. There is
    deliberately no `order_insertion_by`: replies are appended as the last child, which is
    the one insertion that needs no read of sibling rows.
    """

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        # Another site linked to the story (imported from WordPress, shown as it showed them).
        PINGBACK = "pingback", _("Pingback")
        TRACKBACK = "trackback", _("Trackback")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Removed")

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments")
    parent = TreeForeignKey(
        "self", verbose_name=_("in reply to"), null=True, blank=True, on_delete=models.RESTRICT, related_name="replies"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    author_name = models.CharField(_("name"), max_length=100, validators=[validate_no_control_characters])
    author_email = models.EmailField(_("e-mail"), max_length=254, help_text=_("Never shown on the site."))
    author_url = models.URLField(_("website"), max_length=300, blank=True)
    body = models.TextField(_("comment"), validators=[MaxLengthValidator(body_max_length)])
    body_html = models.TextField(editable=False, default="")
    # Imported comments keep the markup WordPress allowed in them (links, emphasis, quotes,
    # code, lists), cleaned; readers' own comments are plain text.
    is_markup = models.BooleanField(_("written in HTML"), default=False, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMENT, db_default=Kind.COMMENT, editable=False
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)
    notify_replies = models.BooleanField(_("e-mail me replies"), default=False)
    ip_hash = models.CharField(_("IP hash"), max_length=64, blank=True, db_index=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)

    objects = CommentManager()

    class MPTTMeta:
        parent_attr = "parent"

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["tree_id", "lft"]
        indexes = [
            # "Approved comments of an article in tree order", and the page's tree ids.
            models.Index(fields=["article", "status", "tree_id", "lft"], name="comment_article_tree_idx"),
            models.Index(fields=["tree_id", "lft"], name="comment_tree_order_idx"),
            # The moderation queue (and its count) among millions of approved comments.
            models.Index(fields=["tree_id", "lft"], condition=Q(status="pending"), name="comment_pending_idx"),
            models.Index(fields=["author_email", "created_at"], name="comment_email_time_idx"),
            models.Index(fields=["ip_hash", "created_at"], name="comment_ip_time_idx"),
            # The comments feed: the newest approved comments of the whole site.
            models.Index(
                fields=["-created_at", "-id"], condition=Q(status="approved"), name="comment_approved_newest_idx"
            ),
        ]
        permissions = [("moderate_comment", _("Can moderate comments"))]

    def __str__(self):
        return _("%(name)s on “%(article)s”") % {"name": self.author_name, "article": self.article}

    def save(self, *args, **kwargs):
        self.body_html = self.rendered_body()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("comments:permalink", args=[self.pk])

    def rendered_body(self):
        return format_markup(self.body) if self.is_markup else format_body(self.body)


class TreeIdAllocator(models.Model):
    """One row whose lock serialises the allocation of new tree ids (new top-level comments).

    django-mptt gives a new root `max(tree_id) + 1`: a read-then-write that two
    transactions must never do at once, even for different articles.
    """

    class Meta:
        verbose_name = _("tree id allocator")

    def __str__(self):
        return "tree id lock"
