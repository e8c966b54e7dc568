from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path, register_converter

from core.addresses import UnicodeSlugConverter
from core.media import serve_media
from core.pagecache import form_token
from newsroom.metrics import metrics

# Before the includes below: their patterns use it.
register_converter(UnicodeSlugConverter, "uslug")

handler404 = "articles.views.page_not_found"
handler500 = "core.unavailable.server_error"
handler400 = "core.unavailable.bad_request"

admin.site.site_header = admin.site.site_title = "Newsroom"
# No list of every model beside each page: at 1,280 px it took the story list's room (the desk's
# home page and the breadcrumbs lead everywhere).
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("admin/", admin.site.urls),
    path("metrics", metrics, name="metrics"),
    path(
        "csrf/", form_token, name="form-token"
    ),  # the reader's CSRF token, for forms on shared pages  # Prometheus; only for METRICS_ALLOWED_NETWORKS
    path("comments/", include("comments.urls")),
    path("engagement/", include("engagement.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("", include("discovery.urls")),
    path("", include("editorial.urls")),
    path("", include("live.urls")),
    path("", include("articles.urls")),
    path("", include("wordpress.urls")),
    path("", include("pages.urls")),  # last: a page answers only where nothing else does
]

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):  # media on a host of its own is served there
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.insert(0, re_path(rf"^{media_prefix}(?P<path>.*)$", serve_media))
