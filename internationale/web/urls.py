from django.urls import path

from internationale.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("healthz", views.health, name="health"),
    path("staff/", views.staff, name="staff"),
    path("staff/audit/", views.audit_log, name="audit_log"),
    path("staff/pages/<slug:slug>/<str:language>/", views.edit_page, name="edit_page"),
]
