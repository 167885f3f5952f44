from django.urls import path

from internationale.declarations import views, views_manage, views_staff

app_name = "declarations"
urlpatterns = [
    path("", views.declaration_list, name="list"),
    path("manage/", views_manage.manage_list, name="manage_list"),
    path("manage/new/", views_manage.manage_new, name="manage_new"),
    path("verify/", views_staff.verify, name="verify"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("withdraw/<str:token>/", views.withdraw, name="withdraw"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/signatories/", views.signatories, name="signatories"),
    path("<slug:slug>/pdf/<str:language>/", views.pdf, name="pdf"),
    path("<slug:slug>/thanks/", views.thanks, name="thanks"),
    path("<slug:slug>/staff/", views_staff.signatures, name="staff"),
    path("<slug:slug>/manage/", views_manage.manage, name="manage"),
    path("<slug:slug>/manage/text/<str:language>/", views_manage.manage_text, name="manage_text"),
    path("<slug:slug>/manage/import/", views_manage.import_list, name="import_list"),
    path("<slug:slug>/manage/import/<int:pk>/", views_manage.import_preview, name="import_preview"),
    path("<slug:slug>/signatures.csv", views_staff.export_signatures, name="export"),
]
