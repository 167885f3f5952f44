from django.urls import path

from internationale.declarations.views import manage, public, staff

app_name = "declarations"
urlpatterns = [
    path("", public.declaration_list, name="list"),
    path("manage/", manage.manage_list, name="manage_list"),
    path("manage/new/", manage.manage_new, name="manage_new"),
    path("verify/", staff.verify, name="verify"),
    path("confirm/<str:token>/", public.confirm, name="confirm"),
    path("withdraw/<str:token>/", public.withdraw, name="withdraw"),
    path("<slug:slug>/", public.detail, name="detail"),
    path("<slug:slug>/signatories/", public.signatories, name="signatories"),
    path("<slug:slug>/pdf/<str:language>/", public.pdf, name="pdf"),
    path("<slug:slug>/thanks/", public.thanks, name="thanks"),
    path("<slug:slug>/staff/", staff.signatures, name="staff"),
    path("<slug:slug>/manage/", manage.manage, name="manage"),
    path("<slug:slug>/manage/text/<str:language>/", manage.manage_text, name="manage_text"),
    path("<slug:slug>/manage/import/", manage.import_list, name="import_list"),
    path("<slug:slug>/manage/import/<int:pk>/", manage.import_preview, name="import_preview"),
    path("<slug:slug>/signatures.csv", staff.export_signatures, name="export"),
]
