"""What an import did, and the small readers of WordPress's own values it shares with the thread import."""

import datetime
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class Summary:
    counts: Counter = field(default_factory=Counter)  # ("posts", "imported") → n
    skipped: Counter = field(default_factory=Counter)  # ("posts", reason) → n
    missing_files: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def count(self, kind, outcome):
        self.counts[(kind, outcome)] += 1

    def skip(self, kind, reason):
        self.skipped[(kind, reason)] += 1

    def warn(self, message):
        self.warnings.append(message)

    def lines(self):
        out = []
        for kind in ("posts", "images", "comments"):
            done = ", ".join(
                f"{self.counts[(kind, outcome)]} {outcome}" for outcome in ("imported", "updated", "unchanged")
            )
            reasons = sorted((reason, n) for (k, reason), n in self.skipped.items() if k == kind)
            skipped = sum(n for _reason, n in reasons)
            detail = f" ({', '.join(f'{reason}: {n}' for reason, n in reasons)})" if reasons else ""
            out.append(f"{kind.capitalize()}: {done}, {skipped} skipped{detail}")
        out.append(f"Redirects recorded: {self.counts[('redirects', 'recorded')]}")
        out.append(f"Files missing: {len(self.missing_files)}")
        out.extend(f"  - {path}" for path in self.missing_files[:20])
        out.append(f"Warnings: {len(self.warnings)}")
        out.extend(f"  - {warning}" for warning in self.warnings[:50])
        if len(self.warnings) > 50:
            out.append(f"  … and {len(self.warnings) - 50} more")
        return out


def fingerprint(*parts):
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def parse_gmt(value):
    try:
        moment = datetime.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    if moment.year < 1971:  # WordPress writes 0000-00-00 00:00:00 for "not yet"
        return None
    return moment.replace(tzinfo=datetime.UTC)


def parse_local(value):
    moment = parse_gmt(value)
    return timezone.make_aware(moment.replace(tzinfo=None)) if moment else None
