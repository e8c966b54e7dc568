"""A post's WordPress comments → our comment tree, parents before children."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from comments.models import Comment, body_max_length
from comments.services import ThreadEntry, comments_import
from core.parsing import to_int
from wordpress.models import ImportedObject
from wordpress.summary import fingerprint, parse_gmt

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
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


def import_comments(article, item, summary):
    """Bring `article`'s threads up to date with the post's comments, through the comments
    app's bulk path (one lock and one recount for the story)."""
    ordered = in_tree_order(item.comments, summary, article)
    # What earlier runs imported for this post, in two queries rather than two per comment.
    known_rows = {
        row.wp_id: row
        for row in ImportedObject.objects.filter(
            kind=ImportedObject.Kind.COMMENT, wp_id__in=[comment_id for comment_id, _data, _parent in ordered]
        )
    }
    known_comments = Comment.objects.in_bulk([row.object_id for row in known_rows.values()])
    limit = body_max_length()
    entries, digests = [], {}
    for comment_id, data, parent_id in ordered:
        if data.get("wp:comment_type") in ("pingback", "trackback"):
            summary.skip("comments", data.get("wp:comment_type"))
            continue
        body = data.get("wp:comment_content", "").strip()
        if not body:
            summary.skip("comments", "empty")
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
                author_name=one_line(data.get("wp:comment_author"))[:100] or "Anonymous",
                author_email=_email(data.get("wp:comment_author_email"), comment_id),
                author_url=_url(data.get("wp:comment_author_url")),
                ip_address=data.get("wp:comment_author_IP", "").strip() or None,
                status=STATUSES.get(data.get("wp:comment_approved", "1").strip(), Comment.Status.PENDING),
                created_at=parse_gmt(data.get("wp:comment_date_gmt", "")) or article.publish_at,
                existing=existing,
                is_changed=existing is None or known.source_hash != digest,
            )
        )
    result = comments_import(article=article, entries=entries)
    for outcome, keys in (("imported", result.created), ("updated", result.updated)):
        for comment_id in keys:
            ImportedObject.objects.remember(
                ImportedObject.Kind.COMMENT, comment_id, result.saved[comment_id].pk, digests[comment_id]
            )
            summary.count("comments", outcome)
    for _comment_id in result.unchanged:
        summary.count("comments", "unchanged")
    for comment_id, error in result.refused.items():
        summary.skip("comments", "refused")
        summary.warn(f"Comment {comment_id} on {article.slug} was refused: {' '.join(error.messages)}")


def one_line(text):
    """A name as one line of visible text: control characters and runs of space become one space."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text or "").split())


def _email(value, comment_id):
    value = (value or "").strip()
    try:
        validate_email(value)
        return value[:254]
    except ValidationError:
        # Our comments need an address; this one never receives mail.
        return f"wordpress-comment-{comment_id}@import.invalid"


def _url(value):
    value = (value or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(value)
        return value[:300]
    except ValidationError:
        return ""
