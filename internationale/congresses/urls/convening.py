from django.urls import URLPattern, path

from internationale.congresses.views import convening, overview

urlpatterns: list[URLPattern] = [
    path("", overview.congress_list, name="list"),
    path("new/", convening.congress_new, name="new"),
    path("<slug:slug>/", overview.detail, name="detail"),
    path("<slug:slug>/manage/", convening.manage, name="manage"),
    path("<slug:slug>/manage/call/<str:language>/", convening.manage_call, name="manage_call"),
    path("<slug:slug>/manage/phase/", convening.manage_phase, name="manage_phase"),
    path("<slug:slug>/manage/send/", convening.send_call, name="send_call"),
]
