from django.urls import path

from comments import views
from comments.feeds import SiteCommentsFeed, StoryCommentsFeed
from core.pagecache import cache_public_page

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("mine/", views.my_details, name="mine"),
    path("mine/<int:article_id>/", views.my_thread, name="mine-thread"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feed/", cache_public_page(SiteCommentsFeed()), name="feed"),
    path("feed/<int:article_id>/", cache_public_page(StoryCommentsFeed()), name="feed-story"),
]
