from django.urls import path

from internationale.accounts import views

app_name = "accounts"
urlpatterns = [
    path("invitations/", views.invitations, name="invitations"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
