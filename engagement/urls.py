from django.urls import path

from engagement import views

app_name = "engagement"

urlpatterns = [
    path("<int:article_id>/react/", views.react, name="react"),
    path("<int:article_id>/rate/", views.rate, name="rate"),
    path("<int:article_id>/mine/", views.mine, name="mine"),
]
