"""E-mail about comments, sent by background tasks after the comment is committed.

A failure to send is logged and never touches the comment; a worker tries again later
(core/tasks.py).
"""

import logging

from django.conf import settings
from django.core import signing
from django.urls import reverse

from comments.models import Comment
from core.addresses import absolute
from core.mail import send_templated_mail
from core.tasks import TryAgain, background

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "comments.unsubscribe"


def unsubscribe_token(email):
    return signing.dumps(email.casefold(), salt=UNSUBSCRIBE_SALT, compress=True)


def email_from_token(token):
    """The address a token was made for; raises signing.BadSignature when it was tampered with."""
    return signing.loads(token, salt=UNSUBSCRIBE_SALT)


def enqueue_reply_notification(comment_id):
    try:
        send_reply_notification.enqueue(comment_id)
    except Exception:
        logger.exception("Could not queue the reply notification for comment %s", comment_id)


def enqueue_moderator_notification(comment_id):
    try:
        send_moderator_notification.enqueue(comment_id)
    except Exception:
        logger.exception("Could not queue the moderation notice for comment %s", comment_id)


@background()
def send_reply_notification(comment_id):
    reply = Comment.objects.select_related("parent", "article").filter(pk=comment_id).first()
    if reply is None or reply.parent is None or reply.status != Comment.Status.APPROVED:
        return
    parent = reply.parent
    if not parent.notify_replies or parent.author_email.casefold() == reply.author_email.casefold():
        return
    context = {
        "reply": reply,
        "parent": parent,
        "article": reply.article,
        "comment_url": absolute(reply.get_absolute_url()),
        "unsubscribe_url": absolute(reverse("comments:unsubscribe", args=[unsubscribe_token(parent.author_email)])),
    }
    if not send_templated_mail(
        "comments/email/reply",
        context,
        to=[parent.author_email],
        what=f"the reply notification for comment {comment_id}",
    ):
        raise TryAgain("The mail server did not take the reply notification.")


@background()
def send_moderator_notification(comment_id):
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PENDING or not settings.MANAGERS:
        return
    context = {"comment": comment, "admin_url": absolute(reverse("admin:comments_comment_change", args=[comment.pk]))}
    if not send_templated_mail("comments/email/held", context, what=f"the moderation notice for comment {comment_id}"):
        raise TryAgain("The mail server did not take the moderation notice.")
