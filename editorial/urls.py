from django.urls import path

from editorial import views

app_name = "editorial"

urlpatterns = [
    path("corrections/", views.corrections, name="corrections"),
    path("shared/<str:token>/", views.shared_draft, name="shared-draft"),
]
