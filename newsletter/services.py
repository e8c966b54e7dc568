"""Subscribing, confirming and unsubscribing."""

from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.addresses import absolute
from core.mail import send_templated_mail
from core.ratelimit import over_limit
from core.tasks import TryAgain, background
from newsletter.models import Subscriber
from newsletter.tokens import confirm_token, unsubscribe_token


def subscriber_signup(*, email, consent_text, send_later=None):
    """Start (or restart) double opt-in for `email`. Says nothing about whether it was known.

    A confirmed address gets no new mail; a pending or unsubscribed one gets a confirmation
    link, at most once every NEWSLETTER_CONFIRMATION_INTERVAL seconds. `send_later(send)`, when
    given, is handed the sending once the sign-up is written, and decides when it happens (the
    view: after its answer has gone out); by default the mail is queued as the transaction commits.
    """
    send = None
    email = email.strip()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(email=email, consent_text=consent_text)
            except IntegrityError:  # the same address signing up twice at once
                subscriber = Subscriber.objects.select_for_update().get(email__iexact=email)
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        recently = (
            subscriber.confirmation_sent_at
            and (timezone.now() - subscriber.confirmation_sent_at).total_seconds()
            < settings.NEWSLETTER_CONFIRMATION_INTERVAL
        )
        subscriber.status = Subscriber.Status.PENDING
        subscriber.consent_text = consent_text
        if not recently:
            subscriber.confirmation_sent_at = timezone.now()
            send = partial(send_confirmation.enqueue, subscriber.pk)
            if send_later is None:
                transaction.on_commit(send)
        subscriber.save()
    if send is not None and send_later is not None:
        send_later(send)
    return subscriber


def subscriber_confirm(subscriber):
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    return subscriber


def subscriber_unsubscribe(subscriber):
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber


def unsubscribe_url(subscriber):
    return absolute(reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscriber)]))


@background()
def send_confirmation(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING).first()
    if subscriber is None:
        return
    context = {
        "confirm_url": absolute(reverse("newsletter:confirm", args=[confirm_token(subscriber)])),
        "SITE_NAME": settings.SITE_NAME,
    }
    if not send_templated_mail(
        "newsletter/email/confirm",
        context,
        to=[subscriber.email],
        what=f"the newsletter confirmation to subscriber {subscriber_id}",
    ):
        raise TryAgain("The mail server did not take the confirmation link.")


def over_signup_limit(ip_address):
    """True past NEWSLETTER_SIGNUPS_PER_HOUR sign-ups from one address."""
    return over_limit("signup", ip_address, limit=settings.NEWSLETTER_SIGNUPS_PER_HOUR, window_seconds=3600)
