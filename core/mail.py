"""E-mail rendered from a pair of templates, sent without ever failing the caller.

`<name>_subject.txt` gives the subject (one line) and `<name>.txt` the body. A mail server
that refuses or is away is logged with the reason; the work that asked for the mail is done
already and must not be undone by it.
"""

import logging

from django.core.mail import mail_managers, send_mail
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def render_mail(template, context):
    """(subject, body) from `template`_subject.txt and `template`.txt."""
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    return subject, render_to_string(f"{template}.txt", context)


def send_templated_mail(template, context, *, to=None, what):
    """Send to the addresses in `to`, or to settings.MANAGERS when `to` is None.

    `what` names the message in the log ("the reply notification for comment 12").
    Returns True when the server accepted it.
    """
    subject, body = render_mail(template, context)
    try:
        if to is None:
            mail_managers(subject=subject, message=body)
        else:
            send_mail(subject=subject, message=body, from_email=None, recipient_list=list(to))
    except Exception:
        logger.exception("Could not send %s", what)
        return False
    return True
