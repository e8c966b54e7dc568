"""WordPress's own addresses, answered with a 301 to ours: bookmarks, search engines and feed
readers follow. Addresses that name a particular post, category, tag, author or file were
recorded as redirects by the import; the ones here follow a pattern and need no record."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse

from articles.views import published_story_at
from redirects.middleware import RedirectFallbackMiddleware
from wordpress.media import SIZE_SUFFIX

FEED_NAMES = {"feed", "rss", "rss2", "atom", "rdf"}


def _to(path, **query):
    query = {name: value for name, value in query.items() if value not in (None, "")}
    return HttpResponsePermanentRedirect(path + ("?" + urlencode(query) if query else ""))


def feed(request, kind="rss"):
    """`/feed/`, `/feed/atom/`: the site's feed (`/comments/feed/` is the comments feed here too)."""
    name = "discovery:feed-latest-atom" if kind == "atom" else "discovery:feed-latest-rss"
    return _to(reverse(name))


def post_comments_feed(request, post):
    """`/a-post/feed/`, `/2019/05/a-post/feed/atom/`: WordPress's feed of one post's comments →
    that story's comments feed here. The post's address is one the import recorded, or the
    story's own; an address recorded whole (a category's feed) goes where it was recorded."""
    target = RedirectFallbackMiddleware.lookup(request.path)
    if not target:
        story = RedirectFallbackMiddleware.lookup(f"/{post}") or f"/{post}"
        try:
            found = resolve(story.split("?", 1)[0])
        except Resolver404:
            found = None
        article = published_story_at(**found.kwargs) if found and found.view_name == "articles:detail" else None
        if article is None:
            raise Http404("No published story at this address.")
        target = reverse("comments:feed-story", args=[article.pk])
    return HttpResponsePermanentRedirect(target)


def paged(request, number, prefix=""):
    """`/page/2/` and `/<anything>/page/2/` → the same list with `?page=2`."""
    return _to(f"/{prefix}/" if prefix else "/", page=number)


def upload(request, path):
    """`/wp-content/uploads/2024/05/harbour-300x200.jpg`: the imported picture, at any size
    WordPress made of it."""
    old = f"/wp-content/uploads/{path}"
    target = RedirectFallbackMiddleware.lookup(old) or RedirectFallbackMiddleware.lookup(SIZE_SUFFIX.sub("", old))
    if not target:
        raise Http404("No imported picture at this address.")
    return HttpResponsePermanentRedirect(target)


def home_query(request):
    """WordPress answers some addresses on its home page by query: `/?s=term` (search),
    `/?paged=2`, `/?feed=rss2`. Returns where to send such a request, or None."""
    query = request.GET
    if "s" in query:
        return reverse("discovery:search") + "?" + urlencode({"q": query.get("s", "")})
    if query.get("feed") in FEED_NAMES:
        return reverse("discovery:feed-latest-atom" if query["feed"] == "atom" else "discovery:feed-latest-rss")
    if query.get("paged", "").isdigit():
        return "/?" + urlencode({"page": query["paged"]})
    return None
