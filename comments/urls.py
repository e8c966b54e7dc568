from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("mine/", views.my_details, name="mine"),
    path("mine/<int:article_id>/", views.my_thread, name="mine-thread"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
