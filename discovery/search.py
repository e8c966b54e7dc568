"""Search over published articles: one function, two engines.

`search_articles()` is the only entry point. On PostgreSQL it matches the weighted
`tsvector` in `SearchEntry.document` (GIN index); on SQLite the FTS5 table
`newsroom_search_fts`. Both rank by relevance (headline > standfirst > body) times a
gentle recency boost, and both are fed the same parsed query, so hostile input never
reaches either engine's query syntax: every word and phrase is passed as a quoted
literal (FTS5) or through plainto/phraseto_tsquery (PostgreSQL; a phrase's pool also
quotes the lexemes PostgreSQL made of its words into a query: search_engines.words_in_buckets).
"""

import datetime
import html
import re
from dataclasses import dataclass, field

import nh3
from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.body_render import has_nodes, reader_text
from articles.models import Article
from discovery.models import SearchEntry
from discovery.search_engines import MARK_START, MARK_STOP, RANKED_CANDIDATES, PostgresEngine, SqliteEngine

MAX_TERMS = 12
# Characters XML 1.0 forbids (and no reader types); also kept from both search engines.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
PHRASE = re.compile(r'"([^"]*)"')
WORD = re.compile(r"\w+")

# Words too common to narrow a search; dropped before either engine sees the query, so
# both give the same answer (PostgreSQL's English configuration drops its own as well).
_ENGLISH_STOP_WORDS = """
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves
"""
ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP_WORDS.split())


def clean_text(text):
    """Text as search engines and XML may safely see it: no NUL or other control characters."""
    return CONTROL_CHARACTERS.sub(" ", text or "")


def plain_text(rich_html):
    """The words of rich text, without markup or entities. A space stands where each tag stood,
    so the last word of one paragraph never runs into the first of the next; nh3 (the
    sanitiser's library) takes the tags out, fast enough for a million stories."""
    text = nh3.clean((rich_html or "").replace("<", " <"), tags=set())
    return clean_text(" ".join(html.unescape(text).split()))


def body_words(body):
    """The words a reader sees in a body; with footnotes and embedded posts, theirs too (never an
    embed's address or buttons): for the search index, feed summaries and descriptions."""
    if has_nodes(body):
        return clean_text(" ".join(reader_text(body).split()))
    return plain_text(body)


# Characters of a body read for its first words: a thousand-word story is about 6,000.
LEAD_CHARACTERS = 3000


def lead_words(body, count):
    """The first `count` words of body_words(body), with "…" when there are more (a page's
    description, a feed item's summary), reading only the start of a long body. A body with
    embedded posts or footnotes is read whole: their words come after its text."""
    if body and len(body) > LEAD_CHARACTERS and not has_nodes(body):
        words = plain_text(body[:LEAD_CHARACTERS]).split()
        if len(words) >= count + 2:  # the slice may have cut the last word (or a tag) short
            return Truncator(" ".join(words[: count + 1])).words(count)
    return Truncator(body_words(body)).words(count)


@dataclass
class ParsedQuery:
    words: list = field(default_factory=list)
    phrases: list = field(default_factory=list)
    stop_words_only: bool = False
    was_shortened: bool = False

    def __bool__(self):
        return bool(self.words or self.phrases)


def parse_query(raw):
    """Split what a reader typed into words and "quoted phrases"; operators mean nothing."""
    text = clean_text(raw).strip()
    was_shortened = len(text) > settings.SEARCH_MAX_QUERY_LENGTH
    text = text[: settings.SEARCH_MAX_QUERY_LENGTH].lower()
    stop_words = ENGLISH_STOP_WORDS if settings.SEARCH_LANGUAGE == "english" else frozenset()
    phrases = []
    for match in PHRASE.findall(text):
        tokens = WORD.findall(match)
        if len(tokens) > 1:
            phrases.append(" ".join(tokens))
    remainder = PHRASE.sub(lambda match: " " if len(WORD.findall(match.group(1))) > 1 else match.group(1), text)
    tokens = WORD.findall(remainder)
    words = list(dict.fromkeys(token for token in tokens if token not in stop_words))
    words, phrases = words[:MAX_TERMS], phrases[: max(0, MAX_TERMS - len(words))]
    return ParsedQuery(
        words=words,
        phrases=phrases,
        stop_words_only=bool(tokens) and not words and not phrases,
        was_shortened=was_shortened,
    )


def start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def marked(text):
    """Escape stored text, then turn the engine's match markers into our own <mark>."""
    return mark_safe(escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308


def search_articles(raw_query, *, section=None, date_from=None, date_to=None):
    """Published articles matching `raw_query`, best first, as a lazily paginated sequence.

    The result supports `len()`/`count()` and slicing, so Django's Paginator takes it.
    Each article it yields carries `search_headline` and `search_snippet` (safe HTML
    whose only markup is <mark>) and `search_score`.
    """
    query = raw_query if isinstance(raw_query, ParsedQuery) else parse_query(raw_query)
    articles = Article.objects.published()
    if section is not None:
        articles = articles.filter(section=section)
    # Whole local days, as bounds on publish_at itself so its index serves them.
    if date_from is not None:
        articles = articles.filter(publish_at__gte=start_of_day(date_from))
    if date_to is not None:
        articles = articles.filter(publish_at__lt=start_of_day(date_to + datetime.timedelta(days=1)))
    engine = PostgresEngine if connection.vendor == "postgresql" else SqliteEngine
    narrowed = section is not None or date_from is not None or date_to is not None
    return SearchResults(engine(query, articles, narrowed=narrowed))


class SearchResults:
    def __init__(self, engine):
        self.engine = engine
        self._count = None
        self._first_page = None  # ranked (id, score) rows of the first page, when read with the count
        self.total_is_estimate = False
        self._total = None

    def count(self):
        if self._count is None:
            if not self.engine.query:
                self._count = 0
            elif hasattr(self.engine, "ranked_ids_and_count"):
                # The first page comes with the count: most searches read no other.
                rows = self.engine.ranked_ids_and_count(0, settings.SEARCH_RESULTS_PER_PAGE)
                self._first_page = [(pk, score) for pk, score, _total in rows]
                self._count = rows[0][2] if rows else 0
                if self._count >= RANKED_CANDIDATES:  # more match than are ranked: estimate them
                    self.total_is_estimate = True
                    self._total = max(self._count, self.engine.estimated_total())
            else:
                self._count = self.engine.count()
        return self._count

    def __len__(self):
        return self.count()

    def total(self):
        """How many stories match: exact, or the planner's estimate (`total_is_estimate`) when
        there are more than are ranked (then readers page through the ranked ones)."""
        count = self.count()
        return self._total if self.total_is_estimate else count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        offset = index.start or 0
        limit = (index.stop if index.stop is not None else self.count()) - offset
        if limit <= 0 or not self.engine.query:
            return []
        if offset == 0 and self._first_page is not None and limit <= settings.SEARCH_RESULTS_PER_PAGE:
            ranked = self._first_page[:limit]
        else:
            ranked = self.engine.ranked_ids(offset, limit)
        if not ranked:
            return []
        ids = [article_id for article_id, _score in ranked]
        highlights = self.engine.highlights(ids)
        by_id = Article.objects.for_listing().in_bulk(ids)
        results = []
        for article_id, score in ranked:
            article = by_id[article_id]
            headline, snippet = highlights.get(article_id, ("", ""))
            article.search_score = score
            # A headline without a match (or mangled by an engine's markup parser) is shown as written.
            article.search_headline = marked(headline if MARK_START in (headline or "") else article.headline)
            article.search_snippet = marked(snippet or article.standfirst)
            results.append(article)
        return results


def _entry_fields(article):
    return {
        "headline": clean_text(article.headline),
        "standfirst": clean_text(article.standfirst),
        "body": body_words(article.body),
    }


def _refresh_vectors(entries):
    if connection.vendor != "postgresql":
        return  # SQLite's FTS5 table follows newsroom_searchentry through its triggers.
    config = settings.SEARCH_LANGUAGE
    entries.update(
        document=SearchVector("headline", weight="A", config=config)
        + SearchVector("standfirst", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )


def index_article(article_id):
    """Bring one article's search entry up to date (or remove it if the article is gone)."""
    article = Article.objects.filter(pk=article_id).only("headline", "standfirst", "body").first()
    if article is None:
        SearchEntry.objects.filter(pk=article_id).delete()
        return
    with transaction.atomic():
        SearchEntry.objects.update_or_create(article_id=article_id, defaults=_entry_fields(article))
        _refresh_vectors(SearchEntry.objects.filter(pk=article_id))


def index_articles(article_ids):
    """index_article for several stories at once: a handful of queries however many."""
    if not article_ids:
        return
    with transaction.atomic():
        SearchEntry.objects.filter(pk__in=article_ids).delete()
        articles = Article.objects.filter(pk__in=article_ids).only("headline", "standfirst", "body")
        SearchEntry.objects.bulk_create(
            [SearchEntry(article_id=article.pk, **_entry_fields(article)) for article in articles], batch_size=500
        )
        _refresh_vectors(SearchEntry.objects.filter(pk__in=article_ids))


def reindex_all(batch_size=1000, progress=None):
    """Rebuild the whole index from the articles table, a batch of stories at a time (each batch
    its own transaction, so a million stories never sit in one); returns the number of entries.
    `progress(done, total)` is told after each batch."""
    total = Article.objects.count()
    SearchEntry.objects.filter(~Exists(Article.objects.filter(pk=OuterRef("pk")))).delete()
    done, last_pk = 0, 0
    while True:
        ids = list(Article.objects.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        index_articles(ids)
        done, last_pk = done + len(ids), ids[-1]
        if progress:
            progress(done, total)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO newsroom_search_fts(newsroom_search_fts) VALUES ('optimize')")
        else:
            # A bulk rebuild leaves every entry in the GIN indexes' pending lists, which makes
            # the planner avoid them until autovacuum comes by; merge them now.
            for index in ("newsroom_searchentry_document_gin", "newsroom_searchentry_words_by_bucket"):
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        # Fresh statistics, so the planner knows how many rows a match is likely to hit; on
        # PostgreSQL also the space of every replaced entry back (VACUUM needs autocommit: not
        # inside a transaction, as in tests), or searches read the dead rows until autovacuum.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute(f"{'VACUUM ' if vacuum else ''}ANALYZE {SearchEntry._meta.db_table}")
    return done
