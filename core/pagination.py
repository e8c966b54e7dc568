"""Pagination that costs what a page shows, not what the archive holds.

Django's Paginator counts every row (`COUNT(*)` over a million stories) to print the last page's
number, and reads a deep page by skipping every row before it. `BoundedPaginator` counts only
as far as the page links it shows reach (`PAGES_AHEAD` pages past the one asked for); past that
the count is "more than" and the list has no last-page link, only "older". A deep page is read in
one query that finds its ids from the list's index (skipping ids, not whole rows) and then
fetches those rows.

Public lists and the admin's big lists use it; lists that fit under the bound behave exactly
like Django's.
"""

import math

from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.paginator import Paginator
from django.db.models import QuerySet, Subquery
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _

from core.parsing import to_int

# Page links shown past the current page: the count reads this far ahead and no further.
PAGES_AHEAD = 4
# A page asked for past this is counted as this (a LIMIT must fit the database's integers).
LAST_PAGE_COUNTED = 1_000_000


class BoundedPaginator(Paginator):
    counts_at_least = 0  # a floor under the count's bound (the admin's "show all" needs one)
    # Count in any order (the admin's search): matching rows lie scattered along the list's order,
    # and counted in it the planner walks the date index testing every row (160 ms at a million
    # stories for a common word) where the search's own index finds them at once (15 ms).
    counts_in_any_order = False

    def __init__(self, object_list, per_page, *args, near_page=1, prepared=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        # The page asked for (the admin counts before it asks for a page): the count reaches past it.
        self.near_page = near_page
        # (PreparedQuery, values) giving the rows object_list gives (core/prepared.py): the count
        # and the first page are read through it, compiled once.
        self.prepared = prepared

    def count_limit(self):
        ahead = (min(max(self.near_page, 1), LAST_PAGE_COUNTED) + PAGES_AHEAD) * self.per_page
        return max(ahead, self.counts_at_least)

    @cached_property
    def count(self):
        """The number of rows, exact up to count_limit(); past it, count_limit() + 1."""
        limit = self.count_limit()
        if self.prepared is not None:
            query, values = self.prepared
            return query.count_upto(limit + 1, **values)
        if not isinstance(self.object_list, QuerySet):
            return min(len(self.object_list), limit + 1)
        # Counted in the list's own order: the planner reads the index that order has, not the table.
        rows = self.object_list.order_by() if self.counts_in_any_order else self.object_list
        return rows[: limit + 1].count()

    @property
    def count_is_exact(self):
        return self.count <= self.count_limit()

    @cached_property
    def num_pages(self):
        """Exact when the count is; past the bound, the pages known so far (a lower bound)."""
        if self.count_is_exact:
            return super().num_pages
        return math.ceil(self.count / self.per_page)

    def page(self, number):
        asked = to_int(number, 1)  # anything else: Django's validation below refuses it
        if asked > self.near_page:
            self.near_page = asked
            for name in ("count", "num_pages"):
                self.__dict__.pop(name, None)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.prepared is not None and bottom == 0:
            query, values = self.prepared  # read when shown (not when the list is pasted in, kept rendered)
            return self._get_page(SimpleLazyObject(lambda: query.rows(bottom, top, **values)), number, self)
        if isinstance(self.object_list, QuerySet) and bottom > 0:
            # Deep pages: the ids from the ordering's index first, then only those rows.
            ids = self.object_list.values("pk")[bottom:top]
            return self._get_page(self.object_list.filter(pk__in=Subquery(ids)), number, self)
        return self._get_page(self.object_list[bottom:top], number, self)

    def get_elided_page_range(self, number=None, *, on_each_side=3, on_ends=2):
        # Around the page asked for, also when a template calls this without a number.
        number = number or self.near_page
        if self.count_is_exact:
            yield from super().get_elided_page_range(number, on_each_side=on_each_side, on_ends=on_ends)
            return
        # No last page to show: the first pages, the ones around this one, and what follows.
        number = self.validate_number(number)
        known_pages = self.num_pages
        shown = sorted({*range(1, on_ends + 1), *range(max(1, number - on_each_side), number + on_each_side + 1)})
        previous = 0
        for page_number in shown:
            if page_number > known_pages:
                break
            if page_number > previous + 1:
                yield self.ELLIPSIS
            yield page_number
            previous = page_number
        yield self.ELLIPSIS


def near_page_of(request, parameter):
    """The page a request asks for, as a number (1 when it asks for none or for something else)."""
    return max(1, to_int(request.GET.get(parameter), 1))


class _ChangeListReadingShownColumns(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        found = super().get_queryset(request, exclude_parameters)
        return found.defer(*self.model_admin.list_deferred) if self.model_admin.list_deferred else found


class BoundedAdminPagination:
    """A ModelAdmin mixin: its list counts only as far as its page links reach, and never the
    whole table beside it ("3 of 1,000,000 selected" would cost a full count). An action on
    "all" the rows of a list longer than its count is refused: its number would be a guess.
    `list_deferred` names long columns no row shows (a story's text): the list does not read them,
    and an action reads one only if it asks for it."""

    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # "show counts" would count each filter's choices in full
    list_deferred = ()

    def get_changelist(self, request, **kwargs):
        return _ChangeListReadingShownColumns

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = BoundedPaginator(
            queryset, per_page, orphans, allow_empty_first_page, near_page=near_page_of(request, "p")
        )
        # "Show all" is offered by the count: never on a list longer than it may show.
        paginator.counts_at_least = self.list_max_show_all + 1
        paginator.counts_in_any_order = bool(request.GET.get(SEARCH_VAR))
        return paginator

    def response_action(self, request, queryset):
        if request.POST.get("select_across") == "1":
            limit = self.list_max_show_all
            if queryset.order_by()[: limit + 1].count() > limit:
                self.message_user(
                    request,
                    _("This list is too long to act on all of it at once: filter it, or select rows."),
                    messages.WARNING,
                )
                return None
        return super().response_action(request, queryset)
