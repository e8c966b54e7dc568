"""A post's WordPress comments → our comment tree, parents before children."""

import functools
import html
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from comments.models import Comment, body_max_length
from comments.services import ThreadEntry, comments_import
from core.parsing import to_int
from wordpress.models import ImportedObject
from wordpress.summary import fingerprint, parse_gmt

# A comment with any of these tags was written in HTML (WordPress allows a few in comments).
MARKUP = re.compile(r"<(a|b|strong|em|i|blockquote|q|code|pre|ul|ol|li|del|s|strike|cite|abbr|br|p)\b", re.I)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
LINKS_FROM_ELSEWHERE = ("pingback", "trackback")  # kept, and shown as WordPress shows them
STATUSES = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
}


def in_tree_order(comments, summary, article):
    """Comments ordered so every parent comes before its replies (files may list a reply first).

    A reply whose parent is not in the export becomes a top-level comment, with a warning.
    """
    by_id = {}
    for comment in comments:
        comment_id = to_int(comment.get("wp:comment_id"))
        if comment_id is None:
            summary.skip("comments", "no comment id")
            continue
        by_id[comment_id] = comment
    children = {}
    roots = []
    parent_of = {}
    for comment_id, comment in by_id.items():
        parent_id = to_int(comment.get("wp:comment_parent")) or 0
        if parent_id and parent_id not in by_id:
            summary.warn(
                f"Comment {comment_id} on {article.slug} replies to {parent_id}, which is not in the file; "
                "imported as a top-level comment."
            )
            parent_id = 0
        if parent_id == comment_id:
            parent_id = 0
        parent_of[comment_id] = parent_id
        if parent_id:
            children.setdefault(parent_id, []).append(comment_id)
        else:
            roots.append(comment_id)
    ordered, stack, seen = [], sorted(roots, reverse=True), set()
    while stack:
        comment_id = stack.pop()
        if comment_id in seen:
            continue
        seen.add(comment_id)
        ordered.append((comment_id, by_id[comment_id], parent_of[comment_id]))
        stack.extend(sorted(children.get(comment_id, []), reverse=True))
    for comment_id in sorted(set(by_id) - seen):  # parent loops: break them at the top
        summary.warn(f"Comment {comment_id} on {article.slug} is part of a reply loop; imported as top-level.")
        ordered.append((comment_id, by_id[comment_id], 0))
    return ordered


def import_comments(article, item, importer):
    """Bring `article`'s threads up to date with the post's comments, through the comments
    app's bulk path (one lock and one recount for the story)."""
    summary = importer.summary
    ordered = in_tree_order(item.comments, summary, article)
    # What earlier runs imported for this post, in two queries rather than two per comment.
    known_rows = (
        {}
        if importer.first_import
        else {
            row.wp_id: row
            for row in ImportedObject.objects.filter(
                site=importer.site,
                kind=ImportedObject.Kind.COMMENT,
                wp_id__in=[comment_id for comment_id, _data, _parent in ordered],
            )
        }
    )
    known_comments = Comment.objects.in_bulk([row.object_id for row in known_rows.values()])
    limit = body_max_length()
    entries, digests = [], {}
    for comment_id, data, parent_id in ordered:
        kind = data.get("wp:comment_type") if data.get("wp:comment_type") in LINKS_FROM_ELSEWHERE else "comment"
        body = data.get("wp:comment_content", "").strip()
        if not body:
            summary.skip("comments", "empty", comment_id)
            continue
        if len(body) > limit:
            summary.warn(f"Comment {comment_id} on {article.slug} was longer than {limit} characters; shortened.")
            body = body[:limit]
        if parent_id and parent_id not in digests:
            summary.warn(f"Comment {comment_id} on {article.slug}: its parent was skipped; imported as top-level.")
            parent_id = 0
        digests[comment_id] = digest = fingerprint(data, parent_id)
        known = known_rows.get(comment_id)
        existing = known_comments.get(known.object_id) if known else None
        entries.append(
            ThreadEntry(
                key=comment_id,
                parent_key=parent_id or None,
                body=body,
                author_name=one_line(html.unescape(data.get("wp:comment_author", "")))[:100] or "Anonymous",
                is_markup=bool(MARKUP.search(body)),
                kind=kind,
                author_email=_email(data.get("wp:comment_author_email"), comment_id),
                author_url=_url(data.get("wp:comment_author_url")),
                ip_address=data.get("wp:comment_author_IP", "").strip() or None,
                status=STATUSES.get(data.get("wp:comment_approved", "1").strip(), Comment.Status.PENDING),
                created_at=parse_gmt(data.get("wp:comment_date_gmt", "")) or article.publish_at,
                existing=existing,
                is_changed=existing is None or known.source_hash != digest,
            )
        )
    if entries and not any(entry.is_changed for entry in entries):  # as an earlier run left them
        for entry in entries:
            summary.count("comments", "unchanged", entry.key)
        return
    result = comments_import(article=article, entries=entries)
    # What each comment became: written with the rest of the batch (Importer.flush).
    importer.pending_rows.extend(
        ImportedObject(
            site=importer.site,
            kind=ImportedObject.Kind.COMMENT,
            wp_id=comment_id,
            object_id=result.saved[comment_id].pk,
            source_hash=digests[comment_id],
        )
        for comment_id in result.created + result.updated
    )
    for outcome, keys in (("imported", result.created), ("updated", result.updated), ("unchanged", result.unchanged)):
        for comment_id in keys:
            summary.count("comments", outcome, comment_id)
    for comment_id, error in result.refused.items():
        summary.skip("comments", "refused", comment_id)
        summary.warn(f"Comment {comment_id} on {article.slug} was refused: {' '.join(error.messages)}")


def one_line(text):
    """A name as one line of visible text: control characters and runs of space become one space."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text or "").split())


def _email(value, comment_id):
    value = (value or "").strip()
    if _is_email(value):
        return value[:254]
    # Our comments need an address; this one never receives mail.
    return f"wordpress-comment-{comment_id}@import.invalid"


@functools.lru_cache(maxsize=4096)  # regular commenters come back, address and all
def _is_email(value):
    try:
        validate_email(value)
        return True
    except ValidationError:
        return False


def _url(value):
    value = (value or "").strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
        return value[:300]
    except ValidationError:
        return ""
