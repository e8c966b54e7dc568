"""What to read next under a story: related stories and the story before and after it in its section.

Both are bounded by what they show, not by the archive: related stories are ranked among a
few candidates (the newest stories of each of the story's tags and of its section), found
through indexes, so a story page costs the same with a hundred stories or a million.
"""

import datetime

from django.db.models import Count, Q, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.models import Article
from core.prepared import PreparedQuery

RELATED_COUNT = 4
# Candidates taken from each tag and from the section: the newest this many (by id, which follows
# the order stories were written or imported in, so the tag index answers without a sort).
CANDIDATES_PER_SOURCE = 30
# Tags of a story looked at for candidates; a story with more is ranked on its first ones.
CANDIDATE_TAGS = 8


def related_candidates(section_id, tag_ids, now):
    """SQL (with its parameters) giving the ids of the stories worth ranking for a story of this
    section and these tags: the newest few of each of its tags, and the newest few published in
    its section."""
    tagged = Article.tags.through.objects.order_by("-article_id").values("article_id")
    sources = [tagged.filter(tag_id=tag_id)[:CANDIDATES_PER_SOURCE] for tag_id in tag_ids[:CANDIDATE_TAGS]]
    sources.append(
        Article.objects.published(now=now)
        .filter(section_id=section_id)
        .order_by("-publish_at", "-pk")
        .values("pk")[:CANDIDATES_PER_SOURCE]
    )
    parts, params = [], []
    for number, source in enumerate(sources):
        sql, source_params = source.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS candidates_{number}")  # noqa: S608 (compiled by Django)
        params.extend(source_params)
    return " UNION ALL ".join(parts), params


def _related(pk, section_id, tag_ids, now):
    shared = Count("tags", filter=Q(tags__in=tag_ids), distinct=True) if tag_ids else Value(0)
    candidates_sql, params = related_candidates(section_id, tag_ids, now)
    return (
        Article.objects.published(now=now)
        .filter(pk__in=RawSQL(candidates_sql, params))  # noqa: S611 (compiled by Django)
        .exclude(pk=pk)
        .select_related("section", "lead_image")
        .defer("body")  # a card shows no text
        .annotate(shared=shared)
        .filter(Q(shared__gt=0) | Q(section_id=section_id))
        .order_by("-shared", "-publish_at")[:RELATED_COUNT]
    )


RELATED = PreparedQuery(_related, pk=int, section_id=int, tag_ids=(int,), now=datetime.datetime)


def related_stories(article):
    """Among the candidates, stories sharing the most tags with `article` (newest first among
    equals), then the newest of its section, RELATED_COUNT at most, never the story itself: one
    query, compiled once for each number of tags."""
    tag_ids = tuple(tag.pk for tag in article.tags.all())
    return RELATED(pk=article.pk, section_id=article.section_id, tag_ids=tag_ids, now=timezone.now())


def _neighbour(before):
    """The story just before (or just after) one, in its section."""

    def build(pk, section_id, when, now):
        section = Article.objects.published(now=now).filter(section_id=section_id).exclude(pk=pk)
        # The bound on publish_at alone is what the section's index reads from; ties are settled by id.
        if before:
            section = section.filter(publish_at__lte=when).filter(Q(publish_at__lt=when) | Q(pk__lt=pk))
            order = ("-publish_at", "-pk")
        else:
            section = section.filter(publish_at__gte=when).filter(Q(publish_at__gt=when) | Q(pk__gt=pk))
            order = ("publish_at", "pk")
        return section.order_by(*order).only("headline", "slug", "publish_at")[:1]

    return PreparedQuery(build, pk=int, section_id=int, when=datetime.datetime, now=datetime.datetime)


EARLIER, LATER = _neighbour(before=True), _neighbour(before=False)


def section_neighbours(article):
    """The stories published just before and just after `article` in its section (either may be
    None): two index probes, each a prepared statement (core/prepared.py). One hand-joined query
    of the two cost more: it went through Django's raw queries, their values bound in Python."""
    values = {"pk": article.pk, "section_id": article.section_id, "when": article.publish_at, "now": timezone.now()}
    earlier, later = EARLIER(**values), LATER(**values)
    return (earlier[0] if earlier else None), (later[0] if later else None)
