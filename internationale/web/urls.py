from django.urls import path

from internationale.web import views, views_organization

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    # Under the directory's address, composed here from the apps it shows (decision 25).
    path("directory/<int:pk>/", views_organization.organization, name="organization"),
    path("healthz", views.health, name="health"),
    path("staff/", views.staff, name="staff"),
    path("staff/audit/", views.audit_log, name="audit_log"),
    path("staff/pages/<slug:slug>/<str:language>/", views.edit_page, name="edit_page"),
]
