from django.urls import path

from live import views

app_name = "live"

urlpatterns = [
    path("live/<int:article_id>/newer/", views.newer, name="newer"),
    path("live/<int:article_id>/feed/", views.UpdatesFeed(), name="feed"),
    path("live/update/<int:update_id>/", views.update_address, name="update"),
]
