"""What a live story's readers ask for besides the page: "anything newer?" every 15 seconds, an
update's own address, and the feed of updates."""

import json

from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from articles.models import Article
from core.addresses import absolute
from core.pagecache import new_epoch
from core.parsing import to_int
from discovery.search import body_words
from live.models import LiveCoverage, LiveUpdate
from live.rendering import UPDATES_PER_PAGE, with_bodies
from live.services import later_than, newer_than, version_key

# Kept in the shared cache until the story changes (its address version is part of the key), so a
# crowd polling the same story costs one database read per new update; browsers and CDNs keep an
# answer a second.
POLL_CACHE_SECONDS = 600
POLL_CACHE_CONTROL = "public, max-age=1, s-maxage=1"


def _coverage(article_id):
    coverage = (
        LiveCoverage.objects.select_related("article", "article__section")
        .filter(article_id=article_id, article__in=Article.objects.published())
        .first()
    )
    if coverage is None:
        raise Http404("No live story here.")
    return coverage


def after_of(request):
    after = to_int(request.GET.get("after"), 0) or 0
    return after if 0 <= after <= 2**62 else 0


def answer_key(article_id, after):
    """Where the answer for `after` is kept: under the story's live version, which every change
    to the story moves on (live/services.py), so no stale answer is ever found."""
    version = cache.get(version_key(article_id))
    return f"live:newer:{article_id}:{version}:{after}" if version is not None else None


def answer(body, state):
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = POLL_CACHE_CONTROL
    response["X-Live-Cache"] = state
    return response


def newer(request, article_id):
    """JSON: the updates newer than `?after=<id>` (the newest the page shows), newest first, as
    HTML to insert; and whether the coverage has ended. Kept answers are served before this view
    runs (live/middleware.py); this builds one."""
    after = after_of(request)
    coverage = _coverage(article_id)
    cache.add(version_key(article_id), new_epoch(), None)
    key = answer_key(article_id, after)
    body = cache.get(key) if key else None
    state = "hit"
    if body is None:
        state = "miss"
        updates = with_bodies(newer_than(coverage, after))
        html = render_to_string("live/_updates.html", {"updates": updates, "coverage": coverage}, request=None)
        body = json.dumps(
            {
                "count": len(updates),
                "newest": updates[0].pk if updates else after,
                "html": html,
                "ended": not coverage.is_live,
            }
        )
        if key:
            cache.set(key, body, POLL_CACHE_SECONDS)
    return answer(body, state)


def update_address(request, update_id):
    """An update's own address: the story's page (the older page it is on, if need be) at its anchor."""
    update = get_object_or_404(LiveUpdate.objects.shown().select_related("coverage__article"), pk=update_id)
    coverage = update.coverage
    if not coverage.article.is_published:
        raise Http404
    later = later_than(update.publish_at, update.pk)
    shown = coverage.updates.shown()
    # Updates listed before it: the later ones when the newest come first, else the earlier ones.
    before = shown.filter(later if coverage.newest_first else ~later).exclude(pk=update.pk).count()
    page = before // UPDATES_PER_PAGE + 1
    target = coverage.article.get_absolute_url() + (f"?page={page}" if page > 1 else "") + f"#{update.anchor}"
    return HttpResponseRedirect(target) if page > 1 else HttpResponsePermanentRedirect(target)


class UpdatesFeed(Feed):
    """A live story's updates as a feed (RSS), newest first."""

    def get_object(self, request, article_id):
        return _coverage(article_id)

    def title(self, coverage):
        return _("Live: %(headline)s") % {"headline": coverage.article.headline}

    def link(self, coverage):
        return absolute(coverage.article.get_absolute_url())

    def description(self, coverage):
        return coverage.article.standfirst

    def items(self, coverage):
        return coverage.updates.shown().order_by("-publish_at", "-pk")[:50]

    def item_title(self, update):
        return update.headline or body_words(update.body)[:80]

    def item_description(self, update):
        return body_words(update.body)

    def item_link(self, update):
        return absolute(f"/live/update/{update.pk}/")

    def item_pubdate(self, update):
        return update.publish_at
