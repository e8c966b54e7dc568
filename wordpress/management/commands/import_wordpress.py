import contextlib
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.progress import Reporter
from wordpress.importer import Importer
from wordpress.tasks import import_in_worker
from wordpress.wxr import WXRError


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts, images, comment threads and old addresses. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("export", help="The .xml file from WordPress's Tools → Export.")
        parser.add_argument("--media-dir", help="A copy of wp-content/uploads; image files are taken from here.")
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="Download attachments from their addresses (http/https only, size-limited, resumable).",
        )
        parser.add_argument(
            "--fetch-dir",
            help="Where --fetch-media keeps downloaded files between runs (default: MEDIA_ROOT/../wordpress-downloads).",
        )
        parser.add_argument(
            "--report", help="Write every item, attachment and comment, with what became of it, as CSV."
        )
        parser.add_argument("--dry-run", action="store_true", help="Read and check everything, write nothing.")
        parser.add_argument("--default-section", default="News", help="Section for posts with no category.")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand the import to the task workers (TASKS_BACKEND=database); the files must be readable there.",
        )

    def handle(
        self, *args, export, media_dir, dry_run, default_section, fetch_media, fetch_dir, report, queue, **options
    ):
        if not Path(export).is_file():
            raise CommandError(f"No file at {export}.")
        if media_dir and fetch_media:
            raise CommandError("Give either --media-dir or --fetch-media, not both.")
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"No folder at {media_dir} (--media-dir).")
        if fetch_media:
            fetch_dir = fetch_dir or str(Path(settings.MEDIA_ROOT).resolve().parent / "wordpress-downloads")
        if queue:
            arguments = [str(Path(export).resolve()), "--default-section", default_section]
            for flag, value in (("--media-dir", media_dir), ("--fetch-dir", fetch_dir), ("--report", report)):
                if value:
                    arguments += [flag, str(Path(value).resolve())]
            arguments += ["--fetch-media"] * fetch_media + ["--dry-run"] * dry_run
            result = import_in_worker.enqueue(arguments)
            self.stdout.write(f"Queued for the task workers (task {result.id}); its summary goes to their log.")
            return
        started = time.monotonic()
        importer = Importer(
            export,
            media_dir=media_dir,
            fetch_dir=fetch_dir if fetch_media else None,
            default_section=default_section,
            dry_run=dry_run,
            progress=self.progress_printer(),
        )
        try:
            with open(report, "w", newline="", encoding="utf-8") if report else contextlib.nullcontext() as handle:
                summary = importer.run(report=handle)
        except WXRError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Could not write the report: {error}") from None
        self.stdout.write("")  # after the progress bar's line
        self.stdout.write(("Dry run: nothing was written.\n" if dry_run else "") + "\n".join(summary.lines()))
        self.stdout.write(f"Took {time.monotonic() - started:.1f} s.")

    def progress_printer(self):
        return Reporter(self.stdout, "Importing")
