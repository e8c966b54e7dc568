"""The public site: home, section, tag, author and date pages, the article page and staff previews."""

import datetime
import functools

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.encoding import iri_to_uri, uri_to_iri
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from articles.body_render import allow_players
from articles.context_processors import site_sections
from articles.models import ARCHIVE_YEARS, Article, Section
from articles.page_queries import STORIES_AT_SLUG, prefetch_card_bylines, prefetch_story_page
from core.pagecache import cache_public_page, never_stored
from core.pagination import BoundedPaginator, near_page_of
from core.prepared import PreparedQuery

STORIES_PER_PAGE = 20
# Stories shown in each section's block on the home page.
SECTION_BLOCK_SIZE = 4
LEAD_PACKAGE_SIZE = 5  # the front page's lead story and the four beside it


@method_decorator(cache_public_page, name="dispatch")
class StoryListView(ListView):
    """A paginated list of published stories; subclasses narrow it to one section, tag or author.

    The list's stories are one queryset, `stories(**values)`, for the values `list_values()`
    reads from the request (of the kinds `list_value_kinds` declares). Its count and first page
    are read through it prepared (compiled once: core/prepared.py), with the cards' bylines read
    after (prefetch_card_bylines, in place of for_listing's prefetch); deeper pages through the
    ORM. The prepared queries are made by as_view, once for each address urls.py declares, with
    that address's configuration.
    """

    paginate_by = STORIES_PER_PAGE
    paginator_class = BoundedPaginator  # no count of the whole archive, deep pages by index
    context_object_name = "stories"
    list_value_kinds = {"now": datetime.datetime}
    prepared_stories = None  # set by as_view

    @classmethod
    def as_view(cls, **initkwargs):
        return super().as_view(**initkwargs, **cls(**initkwargs).prepared_queries())

    def prepared_queries(self):
        """The view's prepared queries, as view attributes, for this view's configuration."""
        stories = PreparedQuery(
            lambda **values: self.stories(**values).prefetch_related(None),
            after_fetch=prefetch_card_bylines,
            **self.list_value_kinds,
        )
        return {"prepared_stories": stories}

    def list_values(self):
        return {"now": timezone.now()}

    def stories(self, now):
        return Article.objects.published(now=now).for_listing()

    def get_queryset(self):
        self.values = self.list_values()
        return self.stories(**self.values)

    def get_paginator(self, *args, **kwargs):
        near_page = near_page_of(self.request, self.page_kwarg)
        prepared = (self.prepared_stories, self.values)
        return super().get_paginator(*args, near_page=near_page, prepared=prepared, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        # "?page=last" is answered for lists short enough to count, never by counting the archive.
        asked = self.request.GET.get(self.page_kwarg)
        if asked == "last" and not self.get_paginator(queryset, page_size).count_is_exact:
            raise Http404("This list is too long to have a last page.")
        return super().paginate_queryset(queryset, page_size)


class HomeView(StoryListView):
    template_name = "articles/home.html"

    def stories(self, now):
        # Pinned stories (WordPress's "sticky" posts) lead, newest first among them.
        return super().stories(now).order_by("-pinned", "-publish_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            # A news front: the lead package (the lead story and the next few beside it), then
            # the rest of the latest as a compact list, and each section's newest stories (those
            # in the lead package left out). Lazy, so the lists are read only when the template
            # renders them (not when it pastes them in, kept rendered: core/pagecache/fragments.py).
            stories = functools.cache(lambda page=context["stories"]: list(page))
            package = LEAD_PACKAGE_SIZE
            context["lead_story"] = SimpleLazyObject(lambda: stories()[0] if stories() else None)
            context["top_stories"] = SimpleLazyObject(lambda: stories()[1:package])
            context["stories"] = SimpleLazyObject(lambda: stories()[package:])
            context["section_blocks"] = SimpleLazyObject(
                lambda: self.section_blocks(exclude=[story.pk for story in stories()[:package]])
            )
        return context

    def section_blocks(self, exclude):
        """The latest few stories of each section, in two queries whatever the number of sections."""
        sections = site_sections(self.request)
        # One window per section would be neater, but a bounded recent slice keeps this portable
        # (SQLite and PostgreSQL) and cheap: a section missing from it simply shows no block.
        by_section = {section.pk: [] for section in sections}
        recent = RECENT_STORIES.rows(
            0, SECTION_BLOCK_SIZE * max(len(sections), 1) * 3, now=timezone.now(), exclude=tuple(exclude)
        )
        for story in recent:
            block = by_section[story.section_id]
            if len(block) < SECTION_BLOCK_SIZE:
                block.append(story)
        return [(section, by_section[section.pk]) for section in sections if by_section[section.pk]]


RECENT_STORIES = PreparedQuery(  # the newest stories but those given, for the home page's section blocks
    lambda now, exclude: (
        Article.objects.published(now=now).exclude(pk__in=exclude).only("headline", "slug", "publish_at", "section_id")
    ),
    now=datetime.datetime,
    exclude=(int,),
)


class StoriesOfView(StoryListView):
    """The stories of one section, tag or author, found by the slug in the address.

    urls.py declares each page: which rows own stories (`owners`), how a story points at
    its owner (`article_filter`), and the template. The owner reaches the template under its
    model's name (`section`, `tag`, `author`).
    """

    owners = None
    article_filter = None
    ordering = None  # the list's own order, when an index of the owner's has it (an author's bylines)
    list_value_kinds = {**StoryListView.list_value_kinds, "owner": int}
    owner_at_slug = None  # set by as_view

    def prepared_queries(self):
        owners = self.owners
        return {**super().prepared_queries(), "owner_at_slug": PreparedQuery(owners.filter, slug=str)}

    def list_values(self):
        self.owner = self.find_owner(self.kwargs["slug"])
        return {**super().list_values(), "owner": self.owner.pk}

    def stories(self, now, owner):
        stories = super().stories(now).filter(**{self.article_filter: owner})
        return stories.order_by(*self.ordering) if self.ordering else stories

    def find_owner(self, slug):
        for owner in self.owner_at_slug(slug=slug):
            return owner
        raise Http404(f"No {self.owners.model._meta.verbose_name} at this address.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.owners.model._meta.model_name: self.owner}, **kwargs)


class SectionStoriesView(StoriesOfView):
    """A section's stories; the section is found among those the navigation reads (one query)."""

    owners = Section.objects.all()

    def find_owner(self, slug):
        for section in site_sections(self.request):
            if section.slug == slug:
                return section
        raise Http404("No such section.")


class DateArchiveView(StoryListView):
    """The stories of a year, a month or a day (local dates): /2026/, /2026/11/, /2026/11/23/."""

    template_name = "articles/archive.html"
    list_value_kinds = {**StoryListView.list_value_kinds, "start": datetime.datetime, "end": datetime.datetime}

    def list_values(self):
        year, month, day = self.kwargs["year"], self.kwargs.get("month"), self.kwargs.get("day")
        try:
            if year not in ARCHIVE_YEARS:
                raise ValueError(year)
            first = datetime.date(year, 1 if month is None else month, 1 if day is None else day)
        except (ValueError, OverflowError):
            raise Http404("No such date.") from None
        if day is not None:
            after, self.precision = first + datetime.timedelta(days=1), "day"
        elif month is not None:
            after, self.precision = (first + datetime.timedelta(days=32)).replace(day=1), "month"
        else:
            after, self.precision = first.replace(year=year + 1), "year"
        self.first = first
        start, end = (
            timezone.make_aware(datetime.datetime.combine(when, datetime.time.min)) for when in (first, after)
        )
        return {**super().list_values(), "start": start, "end": end}

    def stories(self, now, start, end):
        return super().stories(now).filter(publish_at__gte=start, publish_at__lt=end)

    def get(self, request, *args, **kwargs):
        kwargs = {name: self.kwargs[name] for name in ("year", "month", "day") if name in self.kwargs}
        canonical = reverse(self.request.resolver_match.view_name, kwargs=kwargs)
        if canonical != request.path:  # /02026/1/: one address per day, month or year
            return _moved(request, canonical)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive_date=self.first, precision=self.precision, **kwargs)


def _moved(request, canonical):
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(canonical + ("?" + iri_to_uri(query) if query else ""))


def published_story_at(*, year, month, day, slug):
    """The published story whose address is /year/month/day/slug/, or None."""
    # The prefetches wait for prepare_story: a page pasting in the story kept rendered
    # (core/pagecache/fragments.py) needs only this row.
    for article in STORIES_AT_SLUG(slug=slug, now=timezone.now()):
        # The date in the address is the local publish date; compare in Python so it is the
        # same on every database whatever its time-zone support.
        published = timezone.localtime(article.publish_at).date()
        if (published.year, published.month, published.day) == (year, month, day):
            return article
    return None


@method_decorator(cache_public_page, name="dispatch")
class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        article = published_story_at(**self.kwargs)
        if article is None:
            raise Http404("No published story at this address.")
        return article

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if uri_to_iri(canonical) != request.path:  # /02026/1/5/…: one address per story, one cache entry
            return _moved(request, canonical)
        return allow_players(self.render_to_response(self.get_context_data(object=self.object)), self.object.body)

    def get_context_data(self, **kwargs):
        article = self.object
        # The page's head shows only this story: kept until the story itself changes.
        prepare_story = lambda: prefetch_story_page(article)  # noqa: E731
        return super().get_context_data(prepare_story=prepare_story, head_scope="story", **kwargs)


class ArticlePreviewView(DetailView):
    """Any story, published or not, in the public template: staff with the change permission only."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff and request.user.has_perm("articles.change_article")):
            # A 404, not a 403: outsiders learn nothing about unpublished stories.
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.for_page()

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = allow_players(super().render_to_response(context, **response_kwargs), self.object.body)
        never_stored(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


# Stories offered on the "not found" page.
NOT_FOUND_LATEST = 5


def page_not_found(request, exception):
    """handler404: the reason, a search box and the latest stories, so a dead link still leads somewhere."""
    latest = Article.objects.published().only("headline", "slug", "publish_at")[:NOT_FOUND_LATEST]
    return render(request, "404.html", {"latest": latest, "query": request.GET.get("q", "")}, status=404)


def story_page(request, year, month, day, slug, page):
    """A paginated story's old page address (`/…/slug/2/`): one page now, with an anchor at each
    page break (articles/body_render.py), so the reader lands where that page began."""
    story = reverse("articles:detail", kwargs={"year": year, "month": month, "day": day, "slug": slug})
    return HttpResponsePermanentRedirect(story if page <= 1 else f"{story}#page-{page}")
