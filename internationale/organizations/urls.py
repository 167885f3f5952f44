from django.urls import path

from internationale.organizations.views import (
    applications,
    csv_files,
    directory,
    joining,
    list_import,
)

app_name = "organizations"
urlpatterns = [
    path("", directory.directory, name="directory"),
    path("<int:pk>/edit/", directory.edit, name="edit"),
    path("<int:pk>/status/", directory.change_status, name="status"),
    path("points/", directory.agreement_points, name="points"),
    path("points/new/", directory.edit_agreement_point, name="point_new"),
    path("points/<int:pk>/", directory.edit_agreement_point, name="point_edit"),
    path("import/", list_import.paste, name="paste"),
    path("import/<int:pk>/", list_import.preview, name="list_preview"),
    path("export.csv", csv_files.export_csv, name="export_csv"),
    path("import-csv/", csv_files.import_csv, name="import_csv"),
    path("apply/", applications.apply, name="apply"),
    path("join/", joining.join, name="join"),
    path("join/sent/", joining.join_sent, name="join_sent"),
    path("join/confirm/<str:token>/", joining.join_confirm, name="join_confirm"),
    path("applications/", applications.application_list, name="applications"),
    path("applications/<int:pk>/", applications.application, name="application"),
    path("applications/<int:pk>/message/", applications.post_message, name="message"),
    path("applications/<int:pk>/decide/", applications.decide, name="decide"),
]
