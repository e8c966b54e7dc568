"""E-mail about comments, sent by background tasks after the comment is committed.

A failure to send is logged and never touches the comment.
"""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import mail_managers, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

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


@task()
def send_reply_notification(comment_id):
    from comments.models import Comment

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
        "comment_url": settings.SITE_URL + reply.get_absolute_url(),
        "unsubscribe_url": settings.SITE_URL
        + reverse("comments:unsubscribe", args=[unsubscribe_token(parent.author_email)]),
    }
    try:
        send_mail(
            subject=render_to_string("comments/email/reply_subject.txt", context).strip(),
            message=render_to_string("comments/email/reply.txt", context),
            from_email=None,
            recipient_list=[parent.author_email],
        )
    except Exception:
        logger.exception("Could not send the reply notification for comment %s", comment_id)


@task()
def send_moderator_notification(comment_id):
    from comments.models import Comment

    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PENDING or not settings.MANAGERS:
        return
    context = {
        "comment": comment,
        "admin_url": settings.SITE_URL + reverse("admin:comments_comment_change", args=[comment.pk]),
    }
    try:
        mail_managers(
            subject=render_to_string("comments/email/held_subject.txt", context).strip(),
            message=render_to_string("comments/email/held.txt", context),
        )
    except Exception:
        logger.exception("Could not tell the moderators about comment %s", comment_id)
