"""The comments block of the article page: count, threads, pagination and the reply form."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from comments import cookies, drafts
from comments.forms import CommentForm
from comments.models import Comment
from comments.rendering import ThreadRenderer
from comments.submission import comments_closed
from comments.threads import thread_page
from core.addresses import absolute
from core.jinja import render_block
from core.pagecache import fragment, is_shared_page
from core.parsing import to_int

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_feed_links(context):
    """Autodiscovery of the comment feeds (comments/feeds.py): the site's on every page, and a
    published story's own on its page (not on previews or shared drafts)."""
    feeds = [(_("Comments on %(site)s") % {"site": settings.SITE_NAME}, reverse("comments:feed"))]
    article = context.get("article")
    shown = article is not None and hasattr(article, "get_absolute_url") and article.is_published
    if shown and not context.get("is_preview") and not context.get("shared_link"):
        feeds.append(
            (
                _("Comments on “%(story)s”") % {"story": article.headline},
                reverse("comments:feed-story", args=[article.pk]),
            )
        )
    return format_html_join(
        "\n  ",
        '<link rel="alternate" type="application/rss+xml" title="{}" href="{}">',
        ((t, absolute(u)) for t, u in feeds),
    )


@register.simple_tag(takes_context=True)
def comments_block(context, article):
    """Renders the comment thread and the "Leave a reply" form for `article`."""
    request = context.get("request")
    query = request.GET if request else {}
    shared = request is None or is_shared_page(request)
    # A page stored for every reader shows nobody's held comments: comments.js asks for the
    # reader's own thread (comments:mine-thread).
    own_pending = [] if shared else cookies.pending_ids(request)
    form, error = drafts.take(request, article) if request else (None, None)
    if form is not None:
        form.focus_first_error()
    elif context.get("comment_form") is not None:
        form, error = context["comment_form"], context.get("comment_error")
    else:
        # A page stored for every reader carries nobody's details: comments.js fills them in.
        details = {} if shared else cookies.saved_details(request)
        personal = own_pending or details or "replyto" in query
        number = _page_number(query)
        if not personal and number <= settings.PAGE_CACHE_MAX_PAGE:
            # Nothing of this reader's in it: the block as every reader of this page gets it
            # (and as it is before or after the story's comments close).
            build = lambda: _block(request, article, CommentForm(), None, [])  # noqa: E731
            parts = [article.pk, query.get("comments") == "newest", number, comments_closed(article) is None]
            return fragment(request, "comments", parts, build, scope="story")
        form = CommentForm(initial=details)
    return _block(request, article, form, error, own_pending)


def _page_number(query):
    """The page of threads asked for, read as the page cache reads it (core.pagecache.cache_address):
    anything but a whole number from 1 up is the first page."""
    number = to_int(query.get("cpage"))
    return 1 if number is None or number < 1 else number


def _block(request, article, form, error, own_pending):
    query = request.GET if request else {}
    newest_first = query.get("comments") == "newest"
    page, nodes = thread_page(
        article, page_number=_page_number(query), newest_first=newest_first, own_pending_ids=own_pending
    )
    renderer = ThreadRenderer(
        max_depth=settings.COMMENTS_MAX_DEPTH, reply_url=article.get_absolute_url(), own_pending_ids=own_pending
    )
    reply_to = _reply_target(article, form, query.get("replyto"))
    if reply_to is not None and not form.is_bound:
        form.initial["parent"] = reply_to.pk
    context = {
        "article": article,
        "page": page,
        "thread": renderer.render(nodes, start=page.start_index() or 1) if nodes else "",
        "newest_first": newest_first,
        "form": form,
        "reply_to": reply_to,
        "closed": comments_closed(article),
        "error": error,
    }
    return render_block("comments/block.html", context, request=request)


def _reply_target(article, form, replyto):
    parent_id = to_int(form.data.get("parent")) if form.is_bound else to_int(replyto)
    if parent_id is None:
        return None
    return Comment.objects.approved().filter(pk=parent_id, article=article).only("pk", "author_name").first()
