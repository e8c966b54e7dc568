from articles.models import Section


def navigation(request):
    """The sections in the site's navigation bar (one small query, only when a page uses it)."""
    return {"nav_sections": Section.objects.only("name", "slug")}
