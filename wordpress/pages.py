"""WordPress pages (About, Contact, Privacy…) → the pages app, with their hierarchy."""

import html
from urllib.parse import urlsplit

from django.utils.html import escape
from django.utils.text import Truncator

from comments.rendering import format_markup
from core.parsing import to_int
from pages.models import RESERVED_SLUGS, Page
from wordpress.content import unicode_slug
from wordpress.models import ImportedObject
from wordpress.summary import IMPORTER_VERSION, fingerprint
from wordpress.threads import one_line

MAX_ARCHIVE_DEPTH = 8  # deeper replies are listed flat at this depth, in reading order


def import_page(importer, item, wp_id, title):
    """A WordPress page → our Page, under its parent page. Its approved comments are kept as an
    archive shown under it (pages take no new comments)."""
    known = importer.known(ImportedObject.Kind.PAGE, wp_id)
    page = Page.objects.filter(pk=known.object_id).first() if known else None
    body, _images = importer.body(item, wp_id)
    parent = _parent(importer, item, wp_id, title)
    archive, kept = archived_comments(item, importer)
    digest = fingerprint(IMPORTER_VERSION, item.fields, item.meta, parent and parent.pk, archive)
    if page is not None and known.source_hash == digest:
        importer.pages[wp_id] = page
        importer.summary.count("pages", "unchanged", wp_id, title, page.get_absolute_url())
        for comment_id in kept:
            importer.summary.count("comments", "unchanged", comment_id)
        return
    creating = page is None
    page = page or Page()
    page.title, page.parent, page.body, page.archived_comments = Truncator(title).chars(200), parent, body, archive
    page.slug = unicode_slug(item.get("wp:post_name"))[:100] or unicode_slug(title)[:100] or f"page-{wp_id}"
    published = item.get("wp:status") in ("publish", "future") and not item.get("wp:post_password")
    page.status = Page.Status.PUBLISHED if published else Page.Status.DRAFT
    page.order = to_int(item.get("wp:menu_order")) or 0
    if (parent is None and (page.slug.lower() in RESERVED_SLUGS or page.slug.isdigit())) or (
        Page.objects.filter(path=page.build_path()).exclude(pk=page.pk).exists()
    ):
        page.slug = f"{page.slug[:90]}-page-{wp_id}"
    page.full_clean(exclude=["parent", "lead_image"])
    page.save()
    importer.pages[wp_id] = page
    importer.remember(ImportedObject.Kind.PAGE, wp_id, page.pk, digest)
    if published:
        for old in {f"/?page_id={wp_id}", urlsplit(item.get("link")).path}:
            importer.redirect(old, page.get_absolute_url())
    importer.summary.count("pages", "imported" if creating else "updated", wp_id, title, page.get_absolute_url())
    for comment_id in kept:
        importer.summary.count("comments", "imported" if creating else "updated", comment_id)


def _parent(importer, item, wp_id, title):
    parent_id = item.int("wp:post_parent")
    if not parent_id:
        return None
    parent = importer.pages.get(parent_id)
    if parent is None:  # listed later in the file: known from an earlier run, or not yet
        known = importer.known(ImportedObject.Kind.PAGE, parent_id)
        parent = Page.objects.filter(pk=known.object_id).first() if known else None
    if parent is None:
        importer.summary.warn(
            f"Page {wp_id} ({title[:60]!r}) sits under page {parent_id}, which comes later in the file: "
            "imported at the top level for now; run the import again to nest it."
        )
    return parent


def archived_comments(item, importer):
    """The page's approved comments as nested lists of HTML (cleaned again when the page is
    saved), and their ids; the others are counted as skipped."""
    shown, replies = {}, {}
    for comment in item.comments:
        comment_id = to_int(comment.get("wp:comment_id"))
        text = (comment.get("wp:comment_content") or "").strip()
        if comment.get("wp:comment_type") in ("pingback", "trackback") or not text or comment_id is None:
            importer.summary.skip("comments", "on a page: a pingback or empty", comment.get("wp:comment_id", ""))
        elif (comment.get("wp:comment_approved") or "1").strip() != "1":
            importer.summary.skip("comments", "on a page: never approved", comment_id)
        else:
            shown[comment_id] = comment
    for comment_id, comment in shown.items():
        parent = to_int(comment.get("wp:comment_parent")) or 0
        replies.setdefault(parent if parent in shown and parent != comment_id else 0, []).append(comment_id)

    rendered = set()

    def one(comment_id, inner=""):
        rendered.add(comment_id)
        comment = shown[comment_id]
        name = escape(one_line(html.unescape(comment.get("wp:comment_author") or "")) or "Anonymous")
        when = escape((comment.get("wp:comment_date") or "")[:10])
        return (
            f"<li><p><strong>{name}</strong> {when}</p>{format_markup(comment.get('wp:comment_content'))}{inner}</li>"
        )

    def thread(parent, depth):
        items = []
        for comment_id in replies.get(parent, []):
            if depth < MAX_ARCHIVE_DEPTH:
                items.append(one(comment_id, thread(comment_id, depth + 1)))
                continue
            stack = [comment_id]  # at the deepest level: the reply and all below it, flat
            while stack:
                current = stack.pop()
                if current in rendered:
                    continue
                items.append(one(current))
                stack.extend(reversed(replies.get(current, [])))
        return "<ol>" + "".join(items) + "</ol>" if items else ""

    archive = thread(0, 0)
    loose = [comment_id for comment_id in shown if comment_id not in rendered]  # replies in a loop
    if loose:
        archive += "<ol>" + "".join(one(comment_id) for comment_id in loose) + "</ol>"
    return archive, list(shown)
