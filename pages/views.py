from django.shortcuts import get_object_or_404, render

from articles.body_render import allow_players
from core.pagecache import cache_public_page
from pages.models import Page


@cache_public_page
def page(request, path):
    page = get_object_or_404(Page.objects.published().select_related("lead_image"), path=path)
    children = page.children.published().only("title", "slug", "path")
    context = {"page": page, "children": children, "ancestors": page.ancestors()}
    return allow_players(render(request, "pages/page.html", context), page.body)
