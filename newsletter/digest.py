"""Building and sending the weekly digest: resumable, and never twice to the same reader."""

import datetime
import smtplib
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone

from articles.images import rendition_url
from articles.models import Article
from core.addresses import absolute
from core.tasks import TryAgain, background
from newsletter.models import Delivery, Digest, Subscriber
from newsletter.services import unsubscribe_url

# What a mail server going away looks like from smtplib and the socket layer.
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)


def week_ending(day=None):
    """The default period: the seven days up to the start of `day` (today), local time."""
    day = day or timezone.localdate()
    end = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return end - datetime.timedelta(days=7), end


def period_from(since):
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    return start, start + datetime.timedelta(days=7)


def stories(period_start, period_end):
    articles = (
        Article.objects.published()
        .filter(publish_at__gte=period_start, publish_at__lt=period_end)
        .select_related("section", "lead_image")
        .order_by("section__order", "section__name", "-publish_at")
    )
    return [(section, list(items)) for section, items in groupby(articles, key=lambda article: article.section)]


# Apps that know a better summary of a kind of story (a live story's running summary) give it:
# functions (article) → text or None.
SUMMARIES = []


def summary_of(article):
    for summary in SUMMARIES:
        text = summary(article)
        if text:
            return text
    return article.standfirst


def context_for(period_start, period_end):
    sections = stories(period_start, period_end)
    for _section, items in sections:
        for article in items:
            article.digest_summary = summary_of(article)
            article.absolute_url = absolute(article.get_absolute_url())
            article.image_url = absolute(rendition_url(article.lead_image, 800)) if article.lead_image else ""
    return {
        "sections": sections,
        "story_count": sum(len(items) for _section, items in sections),
        "period_start": period_start,
        "period_end": period_end - datetime.timedelta(seconds=1),
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
    }


def render_digest(context, subscriber=None):
    context = {**context, "unsubscribe_url": unsubscribe_url(subscriber) if subscriber else "#"}
    subject = render_to_string("newsletter/email/digest_subject.txt", context).strip()
    return (
        subject,
        render_to_string("newsletter/email/digest.txt", context),
        render_to_string("newsletter/email/digest.html", context),
    )


def message_for(context, subscriber, connection):
    subject, text, html = render_digest(context, subscriber)
    link = unsubscribe_url(subscriber)
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[subscriber.email],
        connection=connection,
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(html, "text/html")
    return message


def pending_subscribers(digest):
    """Confirmed subscribers who have not had `digest` yet (all of them when it is None)."""
    confirmed = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).order_by("pk")
    return confirmed if digest is None else confirmed.exclude(deliveries__digest=digest)


def send(digest, context, *, batch_size, progress=None):
    """Send `digest` to every confirmed subscriber who has not had it; one connection per batch.

    Each delivery is recorded before its message is sent, and marked accepted once the server
    takes it. A message the server refuses is unrecorded again, so a run the server cut short
    resumes with exactly the rest (raising DELIVERY_ERRORS); a run killed outright re-sends
    nothing, whatever the moment.
    """
    total = pending_subscribers(digest).count()
    done = 0
    while True:
        batch = list(pending_subscribers(digest)[:batch_size])
        if not batch:
            break
        with get_connection() as connection:
            for subscriber in batch:
                delivery = Delivery.objects.create(digest=digest, subscriber=subscriber)
                try:
                    message_for(context, subscriber, connection).send()
                except DELIVERY_ERRORS:
                    delivery.delete()
                    raise
                Delivery.objects.filter(pk=delivery.pk).update(accepted_at=timezone.now())
                done += 1
                if progress:
                    progress(done, total)
    digest.sent_count = digest.deliveries.exclude(accepted_at=None).count()
    digest.finished_at = timezone.now()
    digest.save(update_fields=["sent_count", "finished_at"])
    return done


@background(attempts=8, backoff_seconds=300)
def deliver_digest(digest_id):
    """`send_digest --queue`: send the digest from a worker. A mail server that stops the run is
    tried again later (core/tasks.py), and each run sends only to those not yet reached."""
    digest = Digest.objects.filter(pk=digest_id).first()
    if digest is None:
        return 0
    context = context_for(digest.period_start, digest.period_end)
    try:
        return send(digest, context, batch_size=settings.NEWSLETTER_BATCH_SIZE)
    except DELIVERY_ERRORS as error:
        raise TryAgain(f"The mail server stopped the digest ({type(error).__name__}: {error}).") from error
