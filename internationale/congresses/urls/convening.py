from django.urls import URLPattern, path

from internationale.congresses.views import overview

urlpatterns: list[URLPattern] = [
    path("", overview.congress_list, name="list"),
    path("<slug:slug>/", overview.detail, name="detail"),
]
