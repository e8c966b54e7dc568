from django.shortcuts import get_object_or_404, render

from core.pagecache import cache_public_page
from pages.models import Page


@cache_public_page
def page(request, path):
    page = get_object_or_404(Page.objects.published().select_related("lead_image"), path=path)
    children = page.children.published().only("title", "slug", "path")
    return render(request, "pages/page.html", {"page": page, "children": children, "ancestors": page.ancestors()})
