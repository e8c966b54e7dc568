from django.urls import re_path

from pages import views

app_name = "pages"

# Last among the site's patterns (newsroom/urls.py): a page answers only where nothing else does.
# A page's address is slugs (any script) joined by "/".
urlpatterns = [re_path(r"^(?P<path>[-\w]+(?:/[-\w]+)*)/$", views.page, name="page")]
