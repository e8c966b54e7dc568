import datetime
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format

from newsletter import digest as digests
from newsletter.models import Digest


def parse_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since takes a date like 2026-11-15, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Send the weekly digest (published stories of seven days, by section) to confirmed subscribers. "
        "Safe to run again: nobody gets the same week twice, and an interrupted run resumes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be sent; send and record nothing.")
        parser.add_argument(
            "--since", type=parse_date, help="First day of the week to send (default: the last 7 days)."
        )
        parser.add_argument(
            "--queue", action="store_true", help="Hand the sending to the task workers (TASKS_BACKEND=database)."
        )

    def handle(self, *args, dry_run, since, queue, **options):
        start, end = digests.period_from(since) if since else digests.week_ending()
        context = digests.context_for(start, end)
        self.stdout.write(
            f"Digest {date_format(start, 'DATE_FORMAT')} to {date_format(end - datetime.timedelta(days=1), 'DATE_FORMAT')}: "
            f"{context['story_count']} stories."
        )
        if not context["story_count"]:
            self.stdout.write("No stories published in that week: nothing to send.")
            return
        digest = Digest.objects.filter(period_start=start, period_end=end).first()
        if dry_run:
            waiting = digests.pending_subscribers(digest).count()
            self.stdout.write(f"Dry run: would send to {waiting} subscribers.")
            return
        if digest is None:
            digest, _ = Digest.objects.get_or_create(
                period_start=start, period_end=end, defaults={"story_count": context["story_count"]}
            )
        if queue:
            result = digests.deliver_digest.enqueue(digest.pk)
            self.stdout.write(self.style.SUCCESS(f"Queued for the task workers (task {result.id})."))
            return
        try:
            sent = digests.send(
                digest, context, batch_size=settings.NEWSLETTER_BATCH_SIZE, progress=self.progress_printer()
            )
        except digests.DELIVERY_ERRORS as error:
            delivered = digest.deliveries.exclude(accepted_at=None).count()
            raise CommandError(
                f"The mail server stopped the run ({type(error).__name__}: {error}). {delivered} delivered so far "
                "are recorded; run the same command again to send the rest."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} e-mails ({digest.sent_count} in all for this digest)."))
        uncertain = digest.deliveries.filter(accepted_at=None).count()
        if uncertain:
            self.stdout.write(
                self.style.WARNING(
                    f"{uncertain} e-mails were being sent when an earlier run was killed; they may not have arrived "
                    "and are not sent again (see Deliveries without an accepted time in the admin)."
                )
            )

    def progress_printer(self):
        interactive = sys.stdout.isatty()

        def progress(done, total):
            if interactive:
                filled = int(30 * done / max(total, 1))
                self.stdout.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", ending="")
                if done == total:
                    self.stdout.write("")
            elif done == total or done % 100 == 0:
                self.stdout.write(f"sent {done}/{total}")

        return progress
