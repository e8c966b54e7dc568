from django.core.paginator import Paginator
from django.shortcuts import render

from articles.models import Article
from core.pagecache import cache_public_page, never_stored
from core.parsing import to_int
from editorial.models import Correction, DraftLink
from editorial.sharing import link_id_from_token

CORRECTIONS_PER_PAGE = 50


@cache_public_page
def corrections(request):
    """Every correction and update, newest first, each linked to its story: a public ledger."""
    published = Article.objects.published().values("pk")
    entries = (
        Correction.objects.filter(article__in=published).select_related("article").order_by("-published_at", "-pk")
    )
    page = Paginator(entries, CORRECTIONS_PER_PAGE).get_page(to_int(request.GET.get("page"), 1))
    return render(request, "editorial/corrections.html", {"page_obj": page, "entries": page.object_list})


def shared_draft(request, token):
    """A draft's preview for someone without an account, while its link is valid. Never cached,
    never indexed; an invalid, expired or revoked link says so (410) and shows nothing."""
    link_id = link_id_from_token(token)
    link = DraftLink.objects.select_related("article").filter(pk=link_id).first() if link_id else None
    if link is None or not link.is_valid:
        response = render(request, "editorial/shared_draft_gone.html", {"link": link}, status=410 if link else 404)
    else:
        article = Article.objects.for_page().get(pk=link.article_id)
        context = {"article": article, "is_preview": True, "shared_link": link}
        response = render(request, "articles/article_detail.html", context)
    never_stored(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
