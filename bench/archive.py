"""A newsroom's archive at scale: generate it in PostgreSQL, then time every page on it.

    # 100,000 stories and about a million comments in a scratch database (created if missing,
    # emptied first: never point it at real data), then the timings:
    .venv/bin/python bench/archive.py generate --stories 100000 --database bench_archive
    .venv/bin/python bench/archive.py time --database bench_archive
    # the same for a national paper's archive, 1,000,000 stories and ~10,000,000 comments:
    .venv/bin/python bench/archive.py generate --stories 1000000 --database bench_archive_1m

Shape of the archive (all set-based SQL; a million stories take minutes, not hours):
- 10 sections, 2,000 tags, 200 authors.
- Stories spread evenly over 20 years up to now, ids in publishing order with some days of
  jitter (as an import from WordPress leaves them); 99 % published, 1 % drafts, 5 scheduled in
  the future, 3 pinned. Bodies of ten paragraphs (~800 words) drawn from 4,000 paragraphs of
  English words with Zipf frequencies, so searches for common and rare words behave as on
  real prose. 1–5 tags each (a few tags on many stories, most on few), one author, a second on
  a fifth of them.
- Comments: 1–9 threads a story of 1–3 comments (a root and its replies, flat or nested),
  about ten a story; five stories carry 1,000–5,000 comments. Tree fields are consistent
  (`check_comment_trees` agrees); 4 % of threads end in a comment awaiting moderation, 1 %
  in spam. `comment_count` matches the approved comments.
- The search index is filled (each paragraph's `tsvector` computed once and concatenated).

`time` measures in-process, as built for a reader the page cache steps aside for (a
`messages` cookie) and with no blocks kept (`FRAGMENT_CACHE=0`): the median of `--runs`
requests per page after two warm-ups, and the page's queries and bytes. Production settings
(DEBUG off); run it with the same environment as bench/page_profile.py says.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive_data import generate, refuse  # noqa: E402 - bench/ is not a package
from archive_timing import time_pages  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="fill a scratch database with an archive")
    make.add_argument("--stories", type=int, default=100_000)
    make.add_argument("--database", default="bench_archive")
    timing = commands.add_parser("time", help="time every page on it")
    timing.add_argument("--database", default="bench_archive")
    timing.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if args.database in ("postgres", "newsroom", "template0", "template1"):
        refuse(f"{args.database} is not a scratch database")
    if args.command == "generate":
        if args.stories < 1000:
            refuse("--stories takes 1000 or more")
        generate(args.database, args.stories)
    else:
        time_pages(args.database, args.runs)


if __name__ == "__main__":
    main()
