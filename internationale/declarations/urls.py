from django.urls import path

from internationale.declarations import views, views_staff

app_name = "declarations"
urlpatterns = [
    path("", views.declaration_list, name="list"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("withdraw/<str:token>/", views.withdraw, name="withdraw"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/signatories/", views.signatories, name="signatories"),
    path("<slug:slug>/pdf/<str:language>/", views.pdf, name="pdf"),
    path("<slug:slug>/thanks/<str:outcome>/", views.thanks, name="thanks"),
    path("<slug:slug>/staff/", views_staff.signatures, name="staff"),
    path("<slug:slug>/signatures.csv", views_staff.export_signatures, name="export"),
]
