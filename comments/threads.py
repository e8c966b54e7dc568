"""Reading threads: which threads a page shows, and their nodes in one query."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.paginator import Paginator

from comments.models import Comment, StatusReading

NODE_FIELDS = [
    "id",
    "parent_id",
    "tree_id",
    "lft",
    "level",
    "status",
    "author_name",
    "author_url",
    "kind",
    "body_html",
    "created_at",
    "edited_at",
]


@dataclass(slots=True)
class ThreadNode(StatusReading):
    """What the thread shows of a comment (NODE_FIELDS), read as a plain row: a page of a long
    thread holds hundreds, and a model instance each (with django-mptt's bookkeeping) cost a
    tenth of the page's build."""

    id: int
    parent_id: int | None
    tree_id: int
    lft: int
    level: int
    status: str
    author_name: str
    author_url: str
    kind: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None

    @property
    def pk(self):
        return self.id

    def get_kind_display(self):
        return dict(Comment.Kind.choices).get(self.kind, self.kind)


def visible_tree_ids(article, own_pending_ids=()):
    """Tree ids (top-level threads) with something readers may see, oldest first."""
    if not article.comment_count and not own_pending_ids:
        return []  # no approved comment (the kept count says so), none of the reader's own: nothing to ask
    tree_ids = (
        Comment.objects.visible_to(own_pending_ids)
        .filter(article=article)
        .order_by()  # no default ordering, so DISTINCT is over tree_id alone
        .values_list("tree_id", flat=True)
        .distinct()
    )
    return sorted(tree_ids)


def thread_page(article, *, page_number=1, newest_first=False, own_pending_ids=()):
    """The page of threads to show and their nodes, flat in display order (two queries)."""
    tree_ids = visible_tree_ids(article, own_pending_ids)
    if newest_first:
        tree_ids.reverse()
    page = Paginator(tree_ids, settings.COMMENTS_PER_PAGE).get_page(page_number)
    position = {tree_id: index for index, tree_id in enumerate(page.object_list)}
    if not page.object_list:  # no thread: no query to build either
        return page, []
    rows = Comment.objects.filter(tree_id__in=page.object_list).order_by("tree_id", "lft").values_list(*NODE_FIELDS)
    nodes = sorted((ThreadNode(*row) for row in rows), key=lambda node: (position[node.tree_id], node.lft))
    return page, nodes


def page_of(comment):
    """The page number (oldest first) on which `comment`'s thread appears."""
    tree_ids = visible_tree_ids(comment.article, [comment.pk])
    try:
        index = tree_ids.index(comment.tree_id)
    except ValueError:
        return 1
    return index // settings.COMMENTS_PER_PAGE + 1


def comment_url(comment):
    """Where a comment is read: its article, the right page, its anchor."""
    page = page_of(comment)
    query = f"?cpage={page}" if page > 1 else ""
    return f"{comment.article.get_absolute_url()}{query}#comment-{comment.pk}"
