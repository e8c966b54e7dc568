from django.urls import path, re_path

from wordpress import legacy

app_name = "wordpress"

# After the site's own patterns (newsroom/urls.py), so none of these can shadow a real page.
urlpatterns = [
    path("feed/", legacy.feed, name="feed"),
    path("feed/<str:kind>/", legacy.feed),
    path("page/<int:number>/", legacy.paged),
    re_path(r"^(?P<prefix>[-\w]+(?:/[-\w]+)*)/page/(?P<number>[0-9]+)/$", legacy.paged),
    path("wp-content/uploads/<path:path>", legacy.upload, name="upload"),
    re_path(r"^(?P<post>[^?]+/)feed/(?:(?:rss2?|atom|rdf)/)?$", legacy.post_comments_feed),
]
