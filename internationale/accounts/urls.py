from django.urls import path

from internationale.accounts import views

app_name = "accounts"
urlpatterns = [
    path("invitations/", views.invitations, name="invitations"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    # allauth's own pages at allauth's own addresses (these come first), carrying ?next= on.
    path("2fa/totp/activate/", views.activate_totp, name="activate_totp"),
    path("2fa/recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
