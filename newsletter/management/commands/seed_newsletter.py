from django.core.management.base import BaseCommand
from django.utils import timezone

from newsletter.forms import CONSENT_TEXT
from newsletter.models import Subscriber

DEMO = [
    ("alex@example.org", Subscriber.Status.CONFIRMED),
    ("bea@example.org", Subscriber.Status.CONFIRMED),
    ("chen@example.org", Subscriber.Status.CONFIRMED),
    ("dana@example.org", Subscriber.Status.PENDING),
    ("eli@example.org", Subscriber.Status.UNSUBSCRIBED),
]


class Command(BaseCommand):
    help = "Add a few demo subscribers. Running it again changes nothing."

    def handle(self, *args, **options):
        created = 0
        for email, status in DEMO:
            _subscriber, made = Subscriber.objects.get_or_create(
                email=email,
                defaults={
                    "status": status,
                    "consent_text": str(CONSENT_TEXT),
                    "confirmed_at": timezone.now() if status == Subscriber.Status.CONFIRMED else None,
                },
            )
            created += made
        self.stdout.write(f"Demo subscribers: {created} added.")
