"""The moderation checks a new comment goes through, pluggable.

COMMENTS_CHECKS names them in order (dotted paths; empty: DEFAULT_CHECKS). Each is called as
`check(comment, user=…, client_ip=…)` and answers a status (approved, pending, spam) or None (no
opinion); the first answer decides, and a comment nobody objects to is approved. A check that
fails (a service away) has no opinion: it is logged, never the commenter's problem.

Shipped: the rules of comments/moderation.py, and an Akismet-compatible spam check (`akismet`,
switched on by adding it to COMMENTS_CHECKS and setting COMMENTS_AKISMET_KEY; it asks
COMMENTS_AKISMET_URL, Akismet's own by default, or any service that speaks its protocol).
Signals (comments/signals.py) tell other code when a comment was posted and when moderated.
"""

import logging
from urllib.parse import urlencode

import urllib3
from django.conf import settings
from django.utils.module_loading import import_string

from comments.models import Comment

logger = logging.getLogger(__name__)

DEFAULT_CHECKS = [
    "comments.moderation.staff_are_approved",
    "comments.moderation.blocked_are_spam",
    "comments.moderation.links_are_held",
    "comments.moderation.held_words_are_held",
    "comments.moderation.first_timers_are_held",
]
AKISMET_TIMEOUT = urllib3.Timeout(connect=2.0, read=3.0)


def checks():
    return [import_string(path) for path in (settings.COMMENTS_CHECKS or DEFAULT_CHECKS)]


def decide_status(comment, *, user, client_ip=None):
    """The status a new `comment` (not saved yet) should get: approved, pending or spam."""
    for check in checks():
        try:
            answer = check(comment, user=user, client_ip=client_ip)
        except Exception:  # a check that fails has no opinion
            logger.exception("Moderation check %s failed; it is left out for this comment", check)
            continue
        if answer is not None:
            return answer
    return Comment.Status.APPROVED


def akismet(comment, *, user, client_ip):
    """Spam when an Akismet-compatible service says so; no opinion otherwise (or when it is away)."""
    key = settings.COMMENTS_AKISMET_KEY
    if not key:
        return None
    fields = {
        "api_key": key,
        "blog": settings.SITE_URL,
        "user_ip": client_ip or "",
        "user_agent": comment.user_agent,
        "comment_type": "reply" if comment.parent_id else "comment",
        "comment_author": comment.author_name,
        "comment_author_email": comment.author_email,
        "comment_author_url": comment.author_url,
        "comment_content": comment.body,
    }
    try:
        answer = urllib3.request(
            "POST",
            settings.COMMENTS_AKISMET_URL.rstrip("/") + "/1.1/comment-check",
            body=urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=AKISMET_TIMEOUT,
            retries=False,
        )
    except urllib3.exceptions.HTTPError as error:
        logger.warning("The spam service did not answer (%s); the comment goes through the other checks", error)
        return None
    verdict = answer.data.strip()
    if verdict == b"true":
        return Comment.Status.SPAM
    if verdict != b"false":
        logger.warning("The spam service answered %s %r; no opinion taken", answer.status, verdict[:100])
    return None
