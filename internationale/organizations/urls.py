from django.urls import path

from internationale.organizations import views, views_applications, views_csv, views_import

app_name = "organizations"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("points/", views.agreement_points, name="points"),
    path("points/new/", views.edit_agreement_point, name="point_new"),
    path("points/<int:pk>/", views.edit_agreement_point, name="point_edit"),
    path("import/", views_import.paste, name="paste"),
    path("import/<int:pk>/", views_import.preview, name="list_preview"),
    path("export.csv", views_csv.export_csv, name="export_csv"),
    path("import-csv/", views_csv.import_csv, name="import_csv"),
    path("apply/", views_applications.apply, name="apply"),
    path("applications/", views_applications.application_list, name="applications"),
    path("applications/<int:pk>/", views_applications.application, name="application"),
    path("applications/<int:pk>/message/", views_applications.post_message, name="message"),
    path("applications/<int:pk>/decide/", views_applications.decide, name="decide"),
]
