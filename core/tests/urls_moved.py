"""The site's addresses under /moved/: for core/tests/test_addresses.py."""

from django.urls import include, path

urlpatterns = [path("moved/", include("newsroom.urls"))]
