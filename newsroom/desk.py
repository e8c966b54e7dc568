"""The desk's home page (the admin's index): what needs this person now, as Wagtail's dashboard
shows it, above the admin's list of everything. Each panel is shown only to those who can act on
it, and reads a few rows by index whatever the size of the archive."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Author
from articles.services import can_publish
from comments.models import Comment
from editorial.models import Correction, Revision

SHOWN = 5  # rows a panel lists
COUNTED = 99  # a count goes this far, then says "99+"


@dataclass
class Panel:
    title: str
    empty: str
    rows: list = field(default_factory=list)  # (link, text, detail)
    count: int = 0
    more: str = ""  # the address of the whole list

    @property
    def count_label(self):
        return f"{COUNTED}+" if self.count > COUNTED else str(self.count)


def _counted(queryset):
    return queryset.order_by()[: COUNTED + 1].count()


def _story_row(story, detail):
    return (reverse("admin:articles_article_change", args=[story.pk]), story.headline, detail)


def review_panel(user):
    """For an editor: stories submitted for review and changes to live stories awaiting review,
    oldest first; for a reporter, their own changes (their stories in review are among their drafts)."""
    pending = Revision.objects.pending().select_related("article", "created_by")
    if not can_publish(user):
        pending = pending.filter(created_by=user)
        panel = Panel(_("My changes awaiting review"), _("Nothing is waiting for review."), count=_counted(pending))
        for revision in pending.order_by("created_at")[:SHOWN]:
            panel.rows.append(_revision_row(revision))
        return panel
    stories = Article.objects.filter(status=Article.Status.IN_REVIEW)
    stories_waiting, changes_waiting = _counted(stories), _counted(pending)
    panel = Panel(_("Awaiting review"), _("Nothing is waiting for review."), count=stories_waiting + changes_waiting)
    # The whole list: the queue of changes, or the stories in review when only those wait.
    if stories_waiting and not changes_waiting:
        panel.more = reverse("admin:articles_article_changelist") + "?state=review"
    else:
        panel.more = reverse("admin:editorial_revision_changelist") + "?status__exact=pending"
    submitted = [
        (story.updated_at, _story_row(story, _("a story submitted for review")))
        for story in stories.order_by("updated_at")[:SHOWN]
    ]
    proposed = [(revision.created_at, _revision_row(revision)) for revision in pending.order_by("created_at")[:SHOWN]]
    panel.rows = [row for _moment, row in _soonest_first(submitted + proposed)]
    return panel


def _soonest_first(timed_rows):
    """The first SHOWN of (moment, row) pairs gathered from several lists, earliest first."""
    return sorted(timed_rows, key=lambda timed: timed[0])[:SHOWN]


def _revision_row(revision):
    link = reverse("admin:articles_article_revision", args=[revision.article_id, revision.pk])
    return (link, revision.article.headline, _("changes by %(name)s") % {"name": revision.by_name})


def held_comments_panel(user):
    held = Comment.objects.awaiting_moderation()
    panel = Panel(_("Comments held for moderation"), _("No comment is waiting."), count=_counted(held))
    panel.more = reverse("admin:comments_comment_changelist") + "?status__exact=pending"
    for comment in held.select_related("article").order_by("-tree_id", "-lft")[:SHOWN]:
        panel.rows.append((panel.more, comment.body[:120], f"{comment.author_name} · {comment.article.headline}"))
    return panel


def going_live_panel(user):
    now = timezone.now()
    soon = Article.objects.scheduled().filter(publish_at__lte=now + timezone.timedelta(hours=24))
    changes = Revision.objects.scheduled().filter(apply_at__lte=now + timezone.timedelta(hours=24))
    panel = Panel(
        _("Going live in the next 24 hours"),
        _("Nothing is scheduled for the next 24 hours."),
        count=_counted(soon) + _counted(changes),
    )
    panel.more = reverse("admin:articles_article_changelist") + "?state=scheduled"
    rows = [(story.publish_at, _story_row(story, _("the story"))) for story in soon.order_by("publish_at")[:SHOWN]]
    for revision in changes.select_related("article").order_by("apply_at")[:SHOWN]:
        rows.append((revision.apply_at, _story_row(revision.article, _("changes to it"))))
    for moment, (link, text, detail) in _soonest_first(rows):
        panel.rows.append((link, text, f"{timezone.localtime(moment):%H:%M} · {detail}"))
    return panel


def my_drafts_panel(user):
    mine = Article.objects.filter(status__in=[Article.Status.DRAFT, Article.Status.IN_REVIEW])
    profile = Author.objects.filter(user=user).first()
    mine = mine.filter(bylines__author=profile) if profile else mine.filter(created_by=user)
    panel = Panel(_("My drafts"), _("You have no drafts."), count=_counted(mine))
    if profile:
        panel.more = reverse("admin:articles_article_changelist") + f"?state=draft&authors__id__exact={profile.pk}"
    for story in mine.order_by("-updated_at")[:SHOWN]:
        panel.rows.append(_story_row(story, story.get_status_display()))
    return panel


def corrections_panel(user):
    latest = Correction.objects.select_related("article").order_by("-published_at", "-pk")
    panel = Panel(_("Latest corrections and updates"), _("No corrections yet."), count=_counted(latest))
    panel.more = reverse("editorial:corrections")
    for correction in latest[:SHOWN]:
        panel.rows.append(_story_row(correction.article, f"{correction.get_kind_display()}: {correction.text[:100]}"))
    return panel


def panels_for(user):
    """The panels this person can act on, in the order the desk shows them."""
    panels = []
    if user.has_perm("articles.change_article"):
        panels.append(review_panel(user))
        panels.append(my_drafts_panel(user))
    if user.has_perm("articles.change_article") or can_publish(user):
        panels.append(going_live_panel(user))
    if user.has_perm("comments.moderate_comment"):
        panels.append(held_comments_panel(user))
    if user.has_perm("articles.change_article"):
        panels.append(corrections_panel(user))
    return panels
