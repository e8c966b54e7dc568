"""The two engines behind `discovery.search.search_articles()`; both answer the same questions.

- `count()`: how many visible stories match;
- `ranked_ids(offset, limit)`: (article id, score) pairs, best first;
- `highlights(ids)`: {article id: (headline, snippet)} with MARK_START/MARK_STOP around matches.

SQL below is assembled only from constants and Django-compiled querysets; everything a
reader typed travels as a query parameter, hence the `noqa: S608`.
"""

import datetime
import json

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Count, F, FloatField, Subquery, Window
from django.db.models.expressions import RawSQL
from django.utils import timezone

from articles.models import Article
from discovery.models import SearchEntry

MARK_START, MARK_STOP = "\x02", "\x03"
# Relevance weights per column: headline, standfirst, body (PostgreSQL's A, B, C).
POSTGRES_WEIGHTS = [0.1, 0.2, 0.4, 1.0]  # D, C, B, A, the order ts_rank expects
SQLITE_WEIGHTS = (5.0, 2.0, 1.0)
# A story published today scores up to 1 + RECENCY_BOOST times its relevance; the boost
# halves after RECENCY_HALF_DAYS. Gentle on purpose: a headline match from last year
# still beats a body match from this morning (headline weighs five times the body).
RECENCY_BOOST = 0.5
RECENCY_HALF_DAYS = 30.0
# PostgreSQL ranks the newest this many matches of a search, not every match: a common word
# matches a third of an archive, and ranking a million stories takes seconds. Readers page
# through these; the total shown beyond them is the planner's estimate.
RANKED_CANDIDATES = 500
# A phrase is looked for among the newest this many stories that hold all of its words.
PHRASE_POOL = 500
SEARCH_TABLE = SearchEntry._meta.db_table
# A phrase's pool is read from the newest stories' documents when at least this share of the
# stories holds all its words (at most PHRASE_POOL / WALK_SHARE documents read) ...
WALK_SHARE = 0.2
# ... and otherwise found in the index of words by bucket of story ids: the newest bucket and
# this many before it (of ten thousand ids each), then this many, then up to MOST_BUCKETS_ASKED
# (a query of a thousand buckets' words stays small; ids past ten million are rare) ...
BUCKET_STEPS = (2, 10)
MOST_BUCKETS_ASKED = 1_000
# ... reading the holders' ids this many at a time, newest first.
HOLDERS_READ = 2 * PHRASE_POOL
NEWER_THAN_ANY = 2**63 - 1  # past every story id (a bigint)


class PostgresEngine:
    def __init__(self, query, articles, *, narrowed=False):
        self.query = query
        self.articles = articles  # published, and in the section and dates asked for if any (`narrowed`)
        self.narrowed = narrowed
        self.config = settings.SEARCH_LANGUAGE

    def tsquery(self):
        parts = []
        if self.query.words:
            parts.append(SearchQuery(" ".join(self.query.words), config=self.config, search_type="plain"))
        parts += [SearchQuery(phrase, config=self.config, search_type="phrase") for phrase in self.query.phrases]
        combined = parts[0]
        for part in parts[1:]:
            combined &= part
        return combined

    def matches(self):
        return self.articles.filter(search_entry__document=self.tsquery())

    def count(self):
        return self.matches().count()

    def ranked_ids(self, offset, limit):
        return [(pk, score) for pk, score, _total in self.ranked_ids_and_count(offset, limit)]

    def candidates(self):
        """The newest matches, RANKED_CANDIDATES at most: what is ranked. Found from the newest
        stories backwards for a common word, from the index of words for a rare one (the planner
        chooses by how many stories it expects to match)."""
        matches = self.matches()
        if self.query.phrases:
            # Checking a phrase (or its words) reads each story's whole document: it is checked only
            # in the newest PHRASE_POOL stories holding all its words, or a phrase of common words
            # that never stand together would have every story read.
            matches = self.articles.filter(pk__in=self.matching_among(self.phrase_pool()))
        return matches.order_by("-publish_at", "-pk").values("pk")[:RANKED_CANDIDATES]

    def phrase_pool(self):
        """The ids of the newest PHRASE_POOL stories holding all the query's words (by publish date;
        an approximation when they are found by bucket).

        When the list is narrowed to a section or dates, or many stories hold the words (WALK_SHARE,
        as the planner estimates), the newest stories' documents are read until enough hold them.
        When few do, that would read thousands of documents (a tenth of the archive for two words
        that rarely meet): they are found in the index of words by bucket of story ids
        (discovery/migrations/0004), newest id first, in the newest buckets first (BUCKET_STEPS),
        then in up to MOST_BUCKETS_ASKED; past those, from the newest stories' documents."""
        if self.narrowed:
            return self.newest_holding()
        with connections[self.articles.db].cursor() as cursor:
            cursor.execute(
                "SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s)), "  # noqa: S608
                f"newsroom_search_bucket((SELECT max(article_id) FROM {SEARCH_TABLE})), "
                "(SELECT reltuples FROM pg_class WHERE oid = %s::regclass)",
                [self.config, " ".join(self.all_words()), SEARCH_TABLE],
            )
            words, newest_bucket, stories = cursor.fetchone()
        if not words or newest_bucket is None:  # only words too common to be indexed, or no stories
            return []
        if self.share_holding_all_words(stories) >= WALK_SHARE:
            return self.newest_holding()
        pool, below = [], NEWER_THAN_ANY  # the list's stories holding the words; read from the newest id down
        for step in (*BUCKET_STEPS, MOST_BUCKETS_ASKED):
            buckets = range(max(newest_bucket - step, 0), newest_bucket + 1)
            while len(pool) < PHRASE_POOL:
                # The newest holders by id, with no join: asked together with the list, the planner
                # may read every story to join the two. Then those of the list (published, say).
                holding = self.holding_by_bucket(words, buckets, below)
                pool += self.newest_holding(holding)
                below = holding[-1] if holding else below
                if len(holding) < HOLDERS_READ:  # none left in these buckets
                    break
            if len(pool) >= PHRASE_POOL or buckets.start == 0:
                return pool[:PHRASE_POOL]
        # Past the buckets asked for (an archive of ten million ids and more): the newest stories' documents.
        return pool + self.newest_holding(exclude=pool)[: PHRASE_POOL - len(pool)]

    def holding_by_bucket(self, words, buckets, below):
        """The ids (newest first, HOLDERS_READ at most, below `below`) of the stories whose search
        entries hold all `words` (lexemes), among those filed in `buckets`."""
        with connections[self.articles.db].cursor() as cursor:
            cursor.execute(
                f"SELECT article_id FROM {SEARCH_TABLE} "  # noqa: S608
                "WHERE newsroom_words_by_bucket(document, article_id) @@ %s::tsquery AND article_id < %s "
                "ORDER BY article_id DESC LIMIT %s",
                [words_in_buckets(words, buckets), below, HOLDERS_READ],
            )
            return [row[0] for row in cursor.fetchall()]

    def newest_holding(self, among=None, exclude=()):
        """The newest PHRASE_POOL stories of the list holding all the words: of `among` (ids), or
        read from the newest stories backwards (but those of `exclude`)."""
        if among is None:
            stories = self.articles.filter(search_entry__document=self.all_words_query()).exclude(pk__in=exclude)
        else:
            stories = self.articles.filter(pk__in=among)
        return list(stories.order_by("-publish_at", "-pk").values_list("pk", flat=True)[:PHRASE_POOL])

    def share_holding_all_words(self, stories):
        """The share of `stories` (the search table's rows, as last analysed) the planner expects
        to hold all the query's words: 0 to 1, and 1 for a table never analysed."""
        if not stories or stories < 0:
            return 1.0
        holding = planned_rows(
            self.articles.db,
            f"SELECT 1 FROM {SEARCH_TABLE} WHERE document @@ plainto_tsquery(%s::regconfig, %s)",  # noqa: S608
            [self.config, " ".join(self.all_words())],
        )
        return holding / stories

    def matching_among(self, article_ids):
        """Which of `article_ids` match the whole query, checked in their own documents alone (a
        materialised pool): asked together, the planner checks the phrase in every story holding
        its words (thousands at a million stories), then keeps those of the pool."""
        database = self.articles.db  # the replica, for a public page when there is one
        compiler = SearchEntry.objects.using(database).all().query.get_compiler(using=database)
        query_sql, query_params = compiler.compile(self.tsquery().resolve_expression(compiler.query))
        with connections[database].cursor() as cursor:
            cursor.execute(
                f"WITH pool AS MATERIALIZED (SELECT article_id, document FROM {SEARCH_TABLE} WHERE article_id = ANY(%s)) "  # noqa: S608
                f"SELECT article_id FROM pool WHERE document @@ {query_sql}",
                [list(article_ids), *query_params],
            )
            return [row[0] for row in cursor.fetchall()]

    def all_words(self):
        return [*self.query.words, *(word for phrase in self.query.phrases for word in phrase.split())]

    def all_words_query(self):
        return SearchQuery(" ".join(self.all_words()), config=self.config, search_type="plain")

    def ranked_ids_and_count(self, offset, limit):
        """(id, score, number of candidates) rows: a page and the count from one pass over the
        candidates (ranking is most of the work, so it is bounded: RANKED_CANDIDATES)."""
        table = connection.ops.quote_name(Article._meta.db_table)
        age_days = RawSQL(  # noqa: S611
            f"GREATEST(0, EXTRACT(EPOCH FROM (%s::timestamptz - {table}.publish_at)) / 86400.0)",
            (timezone.now(),),
            output_field=FloatField(),
        )
        relevance = SearchRank(F("search_entry__document"), self.tsquery(), weights=POSTGRES_WEIGHTS)
        score = relevance * (1 + RECENCY_BOOST * RECENCY_HALF_DAYS / (RECENCY_HALF_DAYS + age_days))
        rows = (
            Article.objects.filter(pk__in=Subquery(self.candidates()))
            .annotate(search_score=score, matches=Window(Count("pk")))
            .order_by("-search_score", "-publish_at", "-pk")
            .values_list("pk", "search_score", "matches")
        )[offset : offset + limit]
        # Parallel workers take longer to start than this query takes to run (they doubled a
        # date-bounded search on the 2-core bench machine): this one runs without them.
        with transaction.atomic(using=rows.db), connections[rows.db].cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            return list(rows)

    def estimated_total(self):
        """How many stories match, as the planner estimates it (no count of a common word's
        hundreds of thousands of matches): for "about N results" when the candidates ran out."""
        sql, params = self.matches().order_by().values("pk").query.sql_with_params()
        return planned_rows(DEFAULT_DB_ALIAS, sql, params)

    def highlights(self, ids):
        query = self.tsquery()
        options = {"config": self.config, "start_sel": MARK_START, "stop_sel": MARK_STOP}
        rows = SearchEntry.objects.filter(pk__in=ids).annotate(
            marked_headline=SearchHeadline("headline", query, highlight_all=True, **options),
            marked_snippet=SearchHeadline(
                "body", query, max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ", **options
            ),
        )
        return {row.pk: (row.marked_headline, row.marked_snippet) for row in rows}


def planned_rows(database, sql, params):
    """How many rows the planner expects `sql` to return, without running it."""
    with connections[database].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def words_in_buckets(words, buckets):
    """A tsquery (as text) matching the documents holding every one of `words` (lexemes) in any
    of `buckets`, as newsroom_words_by_bucket files them ("9/citi")."""

    def lexeme(bucket, word):  # quoted, as tsquery's input reads it
        text = f"{bucket}/{word}".replace("\\", "\\\\").replace("'", "''")
        return f"'{text}'"

    return " | ".join("(" + " & ".join(lexeme(bucket, word) for word in words) + ")" for bucket in buckets)


class SqliteEngine:
    table = "newsroom_search_fts"

    def __init__(self, query, articles, *, narrowed=False):
        self.query = query
        self.articles = articles

    def match_expression(self):
        # Each word and phrase is an FTS5 string literal ("" escapes a quote), so
        # NEAR, OR, *, : and parentheses are just text to the engine.
        terms = self.query.words + self.query.phrases
        return " ".join('"{}"'.format(term.replace('"', '""')) for term in terms)

    def hits(self, columns):
        # MATERIALIZED makes FTS5 run the MATCH once; a plain `rowid IN (...)` beside
        # MATCH makes it re-run the match per visible article (seconds at 10,000 stories).
        return f"WITH hits AS MATERIALIZED (SELECT {columns} FROM {self.table} WHERE {self.table} MATCH %s) "  # noqa: S608

    def count(self):
        visible_sql, visible_params = self.articles.order_by().values("pk").query.sql_with_params()
        sql = self.hits("rowid AS article_id") + f"SELECT count(*) FROM hits WHERE article_id IN ({visible_sql})"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, (self.match_expression(), *visible_params))
            return cursor.fetchone()[0]

    def ranked_ids(self, offset, limit):
        visible_sql, visible_params = self.articles.order_by().values("pk", "publish_at").query.sql_with_params()
        weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
        # bm25() is lower-is-better; negate it so both engines sort "higher is better".
        sql = self.hits(f"rowid AS article_id, -bm25({self.table}, {weights}) AS relevance") + (  # noqa: S608
            "SELECT hits.article_id, hits.relevance * (1 + %s * %s / (%s + max(0, julianday(%s) - julianday("  # noqa: S608
            f"visible.publish_at)))) AS score FROM hits JOIN ({visible_sql}) AS visible ON visible.pk = hits.article_id "
            "ORDER BY score DESC, visible.publish_at DESC, hits.article_id DESC LIMIT %s OFFSET %s"
        )
        now = timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        boost = (RECENCY_BOOST, RECENCY_HALF_DAYS, RECENCY_HALF_DAYS, now)
        with connection.cursor() as cursor:
            cursor.execute(sql, (self.match_expression(), *boost, *visible_params, limit, offset))
            return cursor.fetchall()

    def highlights(self, ids):
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, highlight({self.table}, 0, %s, %s), snippet({self.table}, 2, %s, %s, '…', 32) "  # noqa: S608
            f"FROM {self.table} WHERE {self.table} MATCH %s AND rowid IN ({placeholders})"
        )
        params = (MARK_START, MARK_STOP, MARK_START, MARK_STOP, self.match_expression(), *ids)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
