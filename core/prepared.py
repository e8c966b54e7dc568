"""Querysets compiled to SQL once, then run again and again with new values.

Turning a queryset into SQL (`SQLCompiler.as_sql`) is Python work Django redoes on every
request, for the same query each time: on a story page it was a quarter of the page's build,
more than the database's own time. A `PreparedQuery` builds and compiles its queryset the first
time a database runs it, and afterwards only puts the new values into the parameters:

    story_at = PreparedQuery(
        lambda slug, now: Article.objects.published(now=now).filter(slug=slug),
        slug=str, now=datetime.datetime,
    )
    story_at(slug="budget-vote", now=timezone.now())      # a list, as list(queryset) gives
    story_at.sql_with_params(slug=…, now=…)                # the SQL, to put inside another query

The builder must give the same SQL whatever the values: each value only fills parameters.
To find where each value goes, the queryset is built twice, with two sets of probe values
nobody would write, and compiled: the SQL must be the same, and every parameter either the same
constant in both or one of the probes (as given, or as the database backend turns a date or time
into a parameter). Anything else (a value the query changes, as `contains` does; a value that
changes the SQL) is refused with ImproperlyConfigured, the first time the query runs.

On PostgreSQL each compiled query also runs as a prepared statement: the server parses and
plans it once per connection, and each run only binds new values (planning cost more than running
for a story page's queries). Only these queries are prepared (settings.py sets psycopg's
`prepare_threshold` out of reach, or to None with DATABASE_PREPARED_STATEMENTS=0, which turns this
off); every other query Django runs binds its values on the client, as before.

A value declared as a tuple, `(int,)`, is a list of that many values (`tag_ids__in=…`); the
query is compiled once per length. `rows(start, stop, **values)` reads a slice (compiled once for
each slice), `count_upto(limit, **values)` counts no further than `limit`, and `after_fetch`
is called with the rows a run found (a list's bylines read in one more query, say). A query
keeps its latest MOST_KEPT compiled shapes. With `settings.PREPARED_QUERIES_CHECKED` (on in tests),
every run also builds the queryset with the real values and checks both give the same SQL
and parameters, so the whole test suite checks each prepared query against the ORM.
"""

import contextlib
import copy
import datetime
import functools
import itertools

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, router
from django.db.models import prefetch_related_objects
from django.db.models.fields.related_descriptors import ReverseManyToOneDescriptor
from django.db.models.sql.constants import MULTI

from core.keeping import LatestKept

_probe_numbers = itertools.count(1)
# Compiled shapes one prepared query keeps (a list's pages are compiled one by one as they are asked for).
MOST_KEPT = 64


def _probe(kind, probe_set):
    """A value of `kind` that no query holds by chance (each call a new one)."""
    number = next(_probe_numbers)
    if kind is int:
        return 1_900_000_000 - 100_000_000 * probe_set + number
    if kind is str:
        return f"\x1fprobe {probe_set} {number}\x1f"
    if kind is datetime.datetime:
        return datetime.datetime(2990 + probe_set, 1, 2, 3, 4, 5, number, tzinfo=datetime.UTC)
    if kind is datetime.date:
        return datetime.date(2990 + probe_set, 1 + number % 12, 1 + number % 28)
    raise ImproperlyConfigured(f"A prepared query takes int, str, date or datetime values, not {kind!r}.")


def _forms(value, ops):
    """How a value can appear among a compiled query's parameters, with the name of the change."""
    forms = [(value, None)]
    if isinstance(value, datetime.datetime):
        forms.append((ops.adapt_datetimefield_value(value), "datetime"))
    elif isinstance(value, datetime.date):
        forms.append((ops.adapt_datefield_value(value), "date"))
    return forms


class _Compiled:
    """One query's SQL for one database and one length of each list: where each value goes."""

    def __init__(self, queryset, compiler, sql, slots):
        self.queryset, self.compiler, self.sql, self.slots = queryset, compiler, sql, slots
        self._converters = (None, None)  # (the connection they were made for, the converters)

    def converters(self, compiler, expressions):
        """Stands in for the compiler's `get_converters`: the same columns each run, so the same
        converters, made again only for another connection (each thread has its own)."""
        made_for, converters = self._converters
        if made_for is not compiler.connection:
            converters = type(compiler).get_converters(compiler, expressions)
            self._converters = (compiler.connection, converters)
        return converters

    def params(self, values, ops):
        bound = []
        for slot in self.slots:
            if slot[0] == "constant":
                bound.append(slot[1])
                continue
            _, name, position, change = slot
            value = values[name] if position is None else values[name][position]
            if change == "datetime":
                value = ops.adapt_datetimefield_value(value)
            elif change == "date":
                value = ops.adapt_datefield_value(value)
            bound.append(value)
        return tuple(bound)


@functools.cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        """psycopg's cursor binding values on the server, preparing each statement it runs."""

        def execute(self, query, params=None, *, prepare=True, binary=None):
            super().execute(query, params, prepare=prepare, binary=binary)
            self._query = _LoggedQuery(self.connection, query, params)
            return self

    return PreparingCursor


class _LoggedQuery:
    """The last query as Django's query log reads it from a psycopg cursor (`cursor._query.query`,
    which psycopg leaves unset for a prepared statement): the SQL with its values, made when read."""

    def __init__(self, connection, sql, params):
        self.connection, self.sql, self.params = connection, sql, params

    @functools.cached_property
    def query(self):
        from psycopg import ClientCursor

        with ClientCursor(self.connection) as cursor:
            return cursor.mogrify(self.sql, self.params).encode()


def _preparing_cursor(connection):
    """The psycopg cursor `connection` runs prepared statements on (made once per database
    connection, then kept open for the next), or None where the database or settings allow none
    (not PostgreSQL with psycopg 3, or no prepare_threshold)."""
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    raw_connection = connection.connection
    if getattr(raw_connection, "prepare_threshold", None) is None:  # turned off, or psycopg 2
        return None
    kept = getattr(connection, "prepared_statement_cursor", None)
    if kept is not None and kept.connection is raw_connection and not kept.closed:
        return kept
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.pq import Format

    with connection.wrap_database_errors:
        cursor = _preparing_cursor_class()(raw_connection)
        loader = raw_connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
        if connection.timezone != loader.timezone:  # as Django's create_cursor does
            register_tzloader(connection.timezone, cursor)
    connection.prepared_statement_cursor = cursor
    return cursor


@contextlib.contextmanager
def _statement_cursor(alias):
    """A cursor on `alias` whose queries are prepared statements where the database and settings
    allow, else the database's usual cursor (closed after use)."""
    connection = connections[alias]
    kept = _preparing_cursor(connection)
    if kept is None:
        with connection.cursor() as cursor:
            yield cursor
    else:
        yield connection._prepare_cursor(kept)  # Django's wrapper: errors, query log, execute wrappers


def _run(compiled, alias, params, result_type=MULTI, **_chunking):
    """Stands in for the compiled query's `execute_sql`: its rows, read through `_statement_cursor`."""
    if result_type != MULTI:
        raise NotImplementedError("A prepared query reads rows only.")
    with _statement_cursor(alias) as cursor:
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
    if compiled.compiler.has_extra_select:  # columns ordering needed but the rows do not carry
        rows = [row[: compiled.compiler.col_count] for row in rows]
    return [rows]


class _QuerySetRun:
    """What Django's row iterables (ModelIterable and the values() ones) read of a queryset, for
    one run of a compiled query: its compiler in place of a fresh compile. Cloning the queryset
    for each run cost more than the rest of turning rows into models."""

    def __init__(self, queryset, compiler, alias):
        self.model, self.db, self._fields = queryset.model, alias, queryset._fields
        self._known_related_objects = queryset._known_related_objects
        self.query = _QueryWithCompiler(queryset.query, compiler)


class _QueryWithCompiler:
    def __init__(self, query, compiler):
        self._query, self._compiler = query, compiler

    def get_compiler(self, *args, **kwargs):
        return self._compiler

    def __getattr__(self, name):
        return getattr(self._query, name)


class PreparedQuery:
    def __init__(self, build, *, after_fetch=None, **kinds):
        self.build, self.after_fetch, self.kinds = build, after_fetch, kinds
        self._compiled, self._model = LatestKept(MOST_KEPT), None  # pages asked for one by one: the latest

    def __repr__(self):
        return f"<PreparedQuery {getattr(self.build, '__qualname__', self.build)}({', '.join(self.kinds)})>"

    def _shape(self, values):
        if set(values) != set(self.kinds):
            raise TypeError(f"{self!r} takes exactly {', '.join(sorted(self.kinds))}.")
        return tuple(len(values[name]) for name, kind in self.kinds.items() if isinstance(kind, tuple))

    def _probes(self, shape, probe_set):
        lengths = iter(shape)
        probes = {}
        for name, kind in self.kinds.items():
            if isinstance(kind, tuple):
                probes[name] = tuple(_probe(kind[0], probe_set) for _ in range(next(lengths)))
            else:
                probes[name] = _probe(kind, probe_set)
        return probes

    def _cut(self, cut):
        """The queryset for one cut of the query: every row (None), rows [start:stop] ("rows",
        start, stop), or the pks of the first `limit` ("pks", limit), for counting up to it."""
        if cut is None:
            return self.build
        if cut[0] == "rows":
            return lambda **values: self.build(**values)[cut[1] : cut[2]]
        return lambda **values: self.build(**values).values("pk")[: cut[1]]

    def _compile(self, alias, shape, build):
        connection = connections[alias]
        attempts = []
        for probe_set in (1, 2):
            probes = self._probes(shape, probe_set)
            queryset = build(**probes).using(alias)
            compiler = queryset.query.get_compiler(using=alias)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                sql, params = None, ()
            attempts.append((probes, queryset, compiler, sql, params))
        (first, queryset, compiler, sql, params), (second, _, _, other_sql, other_params) = attempts
        if sql != other_sql or len(params) != len(other_params):
            raise ImproperlyConfigured(f"{self!r}: its SQL changes with the values, so it cannot be prepared.")
        places = {}
        for probes, forms_at in ((first, 0), (second, 1)):
            for name, value in probes.items():
                for position, one in enumerate(value) if isinstance(value, tuple) else [(None, value)]:
                    for form, change in _forms(one, connection.ops):
                        places.setdefault((forms_at, repr(form)), (name, position, change))
        slots = []
        for one, other in zip(params, other_params, strict=True):
            here, there = places.get((0, repr(one))), places.get((1, repr(other)))
            if here is None and there is None and one == other:
                slots.append(("constant", one))
            elif here is not None and here == there:
                slots.append(("value", *here))
            else:
                raise ImproperlyConfigured(
                    f"{self!r}: a parameter is neither a constant nor a value as given ({one!r}); "
                    "a lookup that changes its value (contains, startswith…) cannot be prepared."
                )
        return _Compiled(queryset, compiler, sql, slots)

    def _ready(self, values, cut=None):
        """(alias, compiled query, its parameters for these values), compiling it the first time."""
        shape = self._shape(values)
        if self._model is None:
            self._model = self.build(**self._probes(shape, 1)).model
        alias = router.db_for_read(self._model)  # the router's choice, as for the queryset itself
        key = (alias, shape, cut)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled.keep(key, self._compile(alias, shape, self._cut(cut)))
        params = compiled.params(values, connections[alias].ops)
        if getattr(settings, "PREPARED_QUERIES_CHECKED", False):
            self._check(alias, compiled.sql, params, self._cut(cut)(**values))
        return alias, compiled, params

    def sql_with_params(self, **values):
        """The query's SQL and parameters for these values (None for SQL when it finds nothing)."""
        _, compiled, params = self._ready(values)
        return compiled.sql, params

    def __call__(self, **values):
        """The rows for these values: a list, with the queryset's joins and prefetches."""
        return self._fetch(values)

    def rows(self, start, stop, /, **values):
        """The rows [start:stop] for these values (compiled once for each start and stop)."""
        return self._fetch(values, ("rows", start, stop))

    def count_upto(self, limit, /, **values):
        """How many rows there are, counted up to `limit` and no further."""
        alias, compiled, params = self._ready(values, ("pks", limit))
        if compiled.sql is None:
            return 0
        with _statement_cursor(alias) as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({compiled.sql}) AS counted", params)  # noqa: S608 - Django's SQL
            return cursor.fetchone()[0]

    def _fetch(self, values, cut=None):
        alias, compiled, params = self._ready(values, cut)
        if compiled.sql is None:
            return []
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connections[alias]
        compiler.execute_sql = lambda *args, **kwargs: _run(compiled, alias, params, *args, **kwargs)
        compiler.get_converters = lambda expressions: compiled.converters(compiler, expressions)
        queryset = compiled.queryset
        rows = list(queryset._iterable_class(_QuerySetRun(queryset, compiler, alias)))
        if queryset._prefetch_related_lookups and rows:
            prefetch_related_objects(rows, *queryset._prefetch_related_lookups)
        if self.after_fetch is not None and rows:
            self.after_fetch(rows)
        return rows

    def _check(self, alias, sql, params, queryset):
        try:
            expected = queryset.using(alias).query.get_compiler(using=alias).as_sql()
        except EmptyResultSet:
            expected = (None, ())
        if (sql, tuple(params)) != (expected[0], tuple(expected[1])):
            raise AssertionError(f"{self!r} gave\n{sql} {params!r}\nwhere the queryset gives\n{expected}")


def prefetch_into(instances, name, rows, owner):
    """Store `rows` as each instance's prefetched `name` (what `instance.<name>.all()` gives then),
    grouped by `owner(row)`, the pk of the instance a row belongs to: as prefetch_related stores them."""
    by_owner = {}
    for row in rows:
        by_owner.setdefault(owner(row), []).append(row)
    descriptor = getattr(type(instances[0]), name, None) if instances else None
    back = descriptor.field if isinstance(descriptor, ReverseManyToOneDescriptor) else None
    for instance in instances:
        for row in by_owner.get(instance.pk, []) if back is not None else ():
            back.set_cached_value(row, instance)  # row.<foreign key> is the instance, no query
        found = getattr(instance, name).get_queryset()  # filtered to the instance, as Django's own
        found._result_cache, found._prefetch_done = by_owner.get(instance.pk, []), True
        instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = found
