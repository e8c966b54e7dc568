"""Time typical searches: median and 95th percentile per query.

    # 10,000 generated stories in a scratch database (never the dev database):
    DATABASE_URL=sqlite:////tmp/bench_search.sqlite3 .venv/bin/python bench/search.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search .venv/bin/python bench/search.py --articles 10000
    # The stories already in a database (e.g. the demo newsroom), which is only read:
    DATABASE_URL=sqlite:///db.sqlite3 .venv/bin/python bench/search.py --existing

Each timing is what the search page does: count the matches, then fetch and highlight
the first page of results.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from faker.providers.lorem.en_US import Provider as EnglishWords  # noqa: E402

from articles.models import Article, Section  # noqa: E402
from discovery.models import SearchEntry  # noqa: E402
from discovery.search import reindex_all, search_articles  # noqa: E402

QUERIES = [
    ("one common word", "government", {}),
    ("one rarer word", "harbour", {}),
    ("two words", "election result", {}),
    ("quoted phrase", '"city council"', {}),
    ("three words + section", "police report night", {"section": "first"}),
    ("word + date range", "market", {"days": 90}),
    ("mostly stop words", "what is the state of the economy", {}),
    ("hostile syntax", 'NEAR(" OR * : ((', {}),
]
RARE = ["harbour", "zeppelin", "referendum", "monsoon", "lighthouse", "glacier"]


def refuse(message):
    sys.exit(f"bench/search.py: {message}")


def generate(count, seed=7):
    rng = random.Random(seed)
    words = list(EnglishWords.word_list)
    # Zipf-like frequencies, as in real prose: a few words everywhere, most rarely.
    weights = [1 / (rank + 1) for rank in range(len(words))]
    rng.shuffle(words)
    cumulative, total = [], 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)

    def text(n):
        chosen = rng.choices(words, cum_weights=cumulative, k=n)
        if rng.random() < 0.05:
            chosen[rng.randrange(n)] = rng.choice(RARE)
        if rng.random() < 0.1:
            chosen[rng.randrange(n)] = "city council"
        return " ".join(chosen)

    sections = [Section.objects.create(name=f"Bench {n}", slug=f"bench-{n}", order=n) for n in range(8)]
    now = timezone.now()
    batch = []
    for number in range(count):
        body = "".join(f"<p>{text(rng.randint(40, 90))}.</p>" for _ in range(rng.randint(4, 10)))
        batch.append(
            Article(
                headline=text(rng.randint(5, 11)).capitalize()[:200],
                slug=f"bench-{number}",
                standfirst=text(rng.randint(15, 30)).capitalize()[:400],
                body=body,
                word_count=len(body.split()),
                section=sections[number % len(sections)],
                status=Article.Status.PUBLISHED,
                publish_at=now - timezone.timedelta(minutes=rng.randint(1, 60 * 24 * 365 * 3)),
            )
        )
        if len(batch) == 1000:
            Article.objects.bulk_create(batch)  # bulk: no signals, the index is built below
            batch = []
    Article.objects.bulk_create(batch)


def time_queries(repeats):
    first_section = Section.objects.order_by("order", "pk").first()
    rows, all_times = [], []
    for label, raw, options in QUERIES:
        filters = {}
        if options.get("section"):
            filters["section"] = first_section
        if options.get("days"):
            filters["date_from"] = (timezone.now() - timezone.timedelta(days=options["days"])).date()
        times, found = [], 0
        for _ in range(repeats):
            started = time.perf_counter()
            results = search_articles(raw, **filters)
            found = results.count()
            results[0 : settings.SEARCH_RESULTS_PER_PAGE]
            times.append((time.perf_counter() - started) * 1000)
        all_times += times
        rows.append((label, raw, found, statistics.median(times), percentile(times, 95)))
    return rows, all_times


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="how many stories to generate (default 10,000)")
    parser.add_argument("--existing", action="store_true", help="time the stories already in the database")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()

    database = settings.DATABASES["default"]
    if not os.environ.get("DATABASE_URL"):
        refuse("set DATABASE_URL to a scratch database (the dev database is never used).")
    if not args.existing:
        if str(database["NAME"]) == str(Path(settings.BASE_DIR) / "db.sqlite3"):
            refuse("DATABASE_URL points at the dev database; give a scratch one.")
        call_command("migrate", verbosity=0)
        if Article.objects.exists():
            refuse(f"{database['NAME']} already holds stories; give an empty scratch database.")
        started = time.perf_counter()
        generate(args.articles)
        print(f"generated {args.articles} stories in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would do soon after a bulk load
    if args.existing or SearchEntry.objects.count() != Article.objects.count():
        started = time.perf_counter()
        total = reindex_all()
        print(f"indexed {total} stories in {time.perf_counter() - started:.1f} s")

    published = Article.objects.published().count()
    print(f"\n{connection.vendor}, {published} published stories, {args.repeats} runs per query\n")
    print("| query | text | matches | median ms | p95 ms |")
    print("|---|---|---:|---:|---:|")
    rows, all_times = time_queries(args.repeats)
    for label, raw, found, median, p95 in rows:
        print(f"| {label} | `{raw}` | {found} | {median:.1f} | {p95:.1f} |")
    print(f"| **all queries** | | | **{statistics.median(all_times):.1f}** | **{percentile(all_times, 95):.1f}** |")


if __name__ == "__main__":
    main()
