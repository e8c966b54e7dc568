from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from core.pagecache import never_stored
from core.parsing import to_int
from engagement import readers
from engagement.blocks import as_json, summary
from engagement.models import STARS, Reaction
from engagement.services import has_voted, rating_set, reaction_toggle


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _refuse(request, article, message, status):
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "engagement/refused.html", {"article": article, "message": message}, status=status)


def _counts_after_vote(article, reader):
    """The new figures; the vote is saved already, so a database gone meanwhile must not turn
    into an error (the page's script would send the vote again): then no figures change."""
    try:
        return as_json(summary(article, reader))
    except DatabaseError:
        return {"reactions": [], "reaction_total": None, "rating": {"average": None, "count": 0, "distribution": []}}


def _vote(request, article_id, anchor, apply):
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    if readers.over_rate_limit(request):
        return _refuse(
            request, article, _("Too many votes from your connection in the last minute. Please wait a moment."), 429
        )
    new_tokens = []
    reader = readers.ensure_reader(request, new_tokens)
    newcomer = new_tokens or (readers.is_new_reader(reader) and not has_voted(article, reader, anchor))
    if newcomer and readers.newcomer_already_voted(request, article, anchor):
        return _refuse(
            request,
            article,
            _(
                "Someone on your connection has already voted on this story from a browser that keeps no "
                "cookies. To vote too, allow this site's cookies and try again."
            ),
            429,
        )
    error = apply(article, reader)
    if error:
        return _refuse(request, article, error, 400)
    if _wants_json(request):
        response = JsonResponse(_counts_after_vote(article, reader))
    else:
        # ?voted: a fresh page (never stored), showing this reader's vote without a script.
        response = redirect(f"{article.get_absolute_url()}?voted=1#{anchor}")
        response.status_code = 303
    for token in new_tokens:
        readers.set_reader_cookie(response, token)
    return response


@require_POST
def react(request, article_id):
    def apply(article, reader):
        kind = request.POST.get("kind", "")
        if kind not in Reaction.values:
            return _("Choose one of the reactions shown.")
        reaction_toggle(article=article, reader=reader, kind=kind)
        return None

    return _vote(request, article_id, "reactions", apply)


@require_POST
def rate(request, article_id):
    def apply(article, reader):
        stars = to_int(request.POST.get("stars"))
        if stars not in STARS:
            return _("Choose from one to five stars before you send your rating.")
        rating_set(article=article, reader=reader, stars=stars)
        return None

    return _vote(request, article_id, "rating", apply)


@require_GET
def mine(request, article_id):
    """The figures with this reader's own vote, never cached: what engagement.js puts into a
    cached page for a reader who has voted."""
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    response = JsonResponse(as_json(summary(article, readers.reader_id(request))))
    never_stored(response)
    return response
