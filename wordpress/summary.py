"""What an import did — every item, attachment and comment of the file accounted for — and the
small readers of WordPress's own values the rest of the import shares."""

import csv
import datetime
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

# Bumped when the importer learns to bring in more: every post and page is then written again.
IMPORTER_VERSION = 2
KINDS = ("posts", "pages", "images", "comments", "other items")
OUTCOMES = ("imported", "updated", "unchanged")
REPORT_COLUMNS = ["kind", "wordpress_id", "title", "outcome", "reason", "newsroom_address"]


@dataclass
class Summary:
    counts: Counter = field(default_factory=Counter)  # ("posts", "imported") → n
    skipped: Counter = field(default_factory=Counter)  # ("posts", reason) → n
    missing_files: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    report: object = None  # a csv.writer, with --report

    def open_report(self, handle):
        self.report = csv.writer(handle)
        self.report.writerow(REPORT_COLUMNS)

    def count(self, kind, outcome, wp_id="", title="", address=""):
        self.counts[(kind, outcome)] += 1
        if self.report and kind != "redirects":
            self.report.writerow([kind, wp_id, title, outcome, "", address])

    def skip(self, kind, reason, wp_id="", title=""):
        self.skipped[(kind, reason)] += 1
        if self.report:
            self.report.writerow([kind, wp_id, title, "skipped", reason, ""])

    def warn(self, message):
        self.warnings.append(message)

    def lines(self):
        out = []
        for kind in KINDS:
            done = ", ".join(f"{self.counts[(kind, outcome)]} {outcome}" for outcome in OUTCOMES)
            reasons = sorted((reason, n) for (k, reason), n in self.skipped.items() if k == kind)
            skipped = sum(n for _reason, n in reasons)
            detail = f" ({', '.join(f'{reason}: {n}' for reason, n in reasons)})" if reasons else ""
            if kind == "other items":
                out.append(f"Other items: {skipped} skipped{detail}")
            else:
                out.append(f"{kind.capitalize()}: {done}, {skipped} skipped{detail}")
        out.append(f"Redirects recorded: {self.counts[('redirects', 'recorded')]}")
        out.append(f"Files missing: {len(self.missing_files)}")
        out.extend(f"  - {path}" for path in self.missing_files)
        out.append(f"Warnings: {len(self.warnings)}")
        out.extend(f"  - {warning}" for warning in self.warnings)
        return out


def fingerprint(*parts):
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def parse_gmt(value):
    """WordPress's "2024-05-04 20:00:00" (UTC) as an aware datetime, or None."""
    value = value.strip()
    if len(value) != 19 or value[10] != " ":
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.year < 1971:  # WordPress writes 0000-00-00 00:00:00 for "not yet"
        return None
    return moment.replace(tzinfo=datetime.UTC)


def parse_local(value):
    moment = parse_gmt(value)
    return timezone.make_aware(moment.replace(tzinfo=None)) if moment else None
