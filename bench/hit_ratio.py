"""The page cache's hit ratio for anonymous readers under a mixed load: reads spread over the
home page, sections and stories (popular stories read more), with one vote and one comment
(approved at once, as a regular's are) for every 50 reads, from readers who keep their cookies.
With `--saves N`, an editor also saves one of the latest stories every N reads.

    .venv/bin/python bench/hit_ratio.py [--reads 5000] [--seed 1] [--saves 500]

Also counts, for the pages that were built (misses), how many of their blocks were pasted in
kept (core/pagecache/fragments.py) rather than rendered again.

Runs in-process on a scratch SQLite database with the demo newsroom (created here), through
Django's test client and the local-memory cache; the page cache's logic is the same with
Redis. Prints hits, misses and the ratio, and what stayed uncached and why.
"""

import argparse
import collections
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import scratch_django  # noqa: E402 - bench/ is not a package


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reads", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--saves", type=int, default=0, help="an editor saves a story every N reads")
    args = parser.parse_args()

    for leftover in Path("/tmp").glob("bench_hit_ratio.sqlite3*"):
        leftover.unlink()  # a fresh newsroom each run: comments from an earlier run would be refused as repeats
    settings = scratch_django("sqlite:////tmp/bench_hit_ratio.sqlite3")
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    settings.COMMENTS_FLOOD_SECONDS = 0
    call_command("seed_demo", verbosity=0)
    from articles.models import Article, Section
    from comments.tests.factories import post

    rng = random.Random(args.seed)
    stories = list(Article.objects.published().order_by("-publish_at"))
    addresses = ["/"] + [section.get_absolute_url() for section in Section.objects.all()]
    addresses += [story.get_absolute_url() for story in stories]
    weights = [1 / (rank + 1) for rank in range(len(addresses))]  # Zipf-like: the front page most
    readers = [Client(REMOTE_ADDR=f"198.51.100.{number}") for number in range(1, 200)]
    regular = timezone.now() - timezone.timedelta(days=1)
    for story in stories[:3]:
        post(story, name="Regular", email="regular@example.org", body="An earlier comment", created_at=regular)
    cache.clear()
    blocks = count_blocks()

    outcome = collections.Counter()
    for number in range(1, args.reads + 1):
        reader = rng.choice(readers)
        address = rng.choices(addresses, weights)[0]
        response = reader.get(address)
        outcome[response.get("X-Page-Cache", "not cacheable")] += 1
        if number % 50 == 0:  # one vote and one comment per 50 reads
            story = rng.choice(stories[:10])
            reader.post(f"/engagement/{story.pk}/react/", {"kind": rng.choice(["happy", "sad"])})
            reader.post(
                f"/comments/post/{story.pk}/",
                {"name": "Regular", "email": "regular@example.org", "body": f"Comment {number}"},
            )
        if args.saves and number % args.saves == 0:
            story = rng.choice(stories[:10])
            story.standfirst = f"{story.standfirst.split(' (')[0]} (updated {number})"
            story.save()
    hits, misses = outcome["hit"], outcome["miss"]
    saves = f", a story saved every {args.saves} reads" if args.saves else ""
    print(f"{args.reads} reads over {len(addresses)} pages, 1 vote + 1 comment per 50 reads{saves}")
    print(f"  hits {hits}, misses {misses}, not cacheable {outcome['not cacheable']}")
    print(f"  hit ratio {hits / (hits + misses):.1%} of cacheable reads, {hits / args.reads:.1%} of all reads")
    pasted, built = blocks["pasted"], blocks["built"]
    print(
        f"  blocks of the pages built: {pasted} pasted in kept, {built} rendered ({pasted / (pasted + built):.1%} kept)"
    )


def count_blocks():
    """Count, by wrapping core.pagecache's fragment where it is used, blocks rendered and pasted."""
    import comments.templatetags.comments_tags
    import core.templatetags.fragment_tags
    import engagement.templatetags.engagement_tags
    import newsletter.templatetags.newsletter_tags
    from core.pagecache import fragments

    counts = collections.Counter()

    def counted(request, name, parts, build, **options):
        def counted_build():
            counts["built"] += 1
            return build()

        before = counts["built"]
        html = fragments.fragment(request, name, parts, counted_build, **options)
        counts["pasted"] += counts["built"] == before
        return html

    for module in (
        core.templatetags.fragment_tags,
        comments.templatetags.comments_tags,
        engagement.templatetags.engagement_tags,
        newsletter.templatetags.newsletter_tags,
    ):
        module.fragment = counted
    return counts


if __name__ == "__main__":
    main()
