from django.urls import path

from articles import views
from articles.models import Author, Tag

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "section/<uslug:slug>/",
        views.SectionStoriesView.as_view(article_filter="section", template_name="articles/section.html"),
        name="section",
    ),
    path(
        "tag/<uslug:slug>/",
        views.StoriesOfView.as_view(owners=Tag.objects.all(), article_filter="tags", template_name="articles/tag.html"),
        name="tag",
    ),
    path(
        "author/<uslug:slug>/",
        views.StoriesOfView.as_view(
            owners=Author.objects.select_related("photo"),
            # Newest first by the bylines' copy of the date: one range of the author's index.
            article_filter="bylines__author",
            ordering=["-bylines__publish_at", "-bylines__article_id"],
            template_name="articles/author.html",
        ),
        name="author",
    ),
    path("<int:year>/", views.DateArchiveView.as_view(), name="year"),
    path("<int:year>/<int:month>/", views.DateArchiveView.as_view(), name="month"),
    path("<int:year>/<int:month>/<int:day>/", views.DateArchiveView.as_view(), name="day"),
    path("<int:year>/<int:month>/<int:day>/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("<int:year>/<int:month>/<int:day>/<uslug:slug>/<int:page>/", views.story_page, name="story_page"),
    path("preview/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
]
