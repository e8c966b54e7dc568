from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles.models import Section
from core.addresses import absolute
from core.pagination import BoundedPaginator, near_page_of
from discovery.forms import SearchForm
from discovery.search import parse_query, search_articles


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "sections": Section.objects.all()}
    if form.is_bound and form.is_valid():
        query = parse_query(form.cleaned_data["q"])
        results = search_articles(
            query,
            section=form.cleaned_data["section"],
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
        paginator = BoundedPaginator(results, settings.SEARCH_RESULTS_PER_PAGE, near_page=near_page_of(request, "page"))
        page_obj = paginator.get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        context.update(
            searched=True,
            query=query,
            page_obj=page_obj,
            results=page_obj.object_list,
            querystring=params.urlencode(),
            total=results.total(),
            total_is_estimate=results.total_is_estimate,
        )
    # Filters the reader must correct answer 400, with the page saying which and why.
    status = 400 if form.is_bound and not form.is_valid() else 200
    response = render(request, "discovery/search.html", context, status=status)
    # Result pages are endless and thin: keep them out of search engines' indexes.
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /preview/",
        "",
        f"Sitemap: {absolute(reverse('discovery:sitemap'))}",
        f"Sitemap: {absolute(reverse('discovery:sitemap-news'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
